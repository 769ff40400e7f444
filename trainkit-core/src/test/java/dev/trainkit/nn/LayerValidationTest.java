package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad constructor arguments and bad inputs fail with a message naming the argument, the expectation and what came. */
class LayerValidationTest {

    private static void fails(Executable body, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        }
    }

    private static final long[] ONE = {1};
    private static final long[] ZERO = {0};
    private static final long[] THREE = {3};

    @Test
    void convConstructorArguments() {
        fails(() -> new Conv2d(0, 4, 3), "Conv2d", "in_channels", "> 0", "got 0");
        fails(() -> new Conv2d(3, 4, THREE, ONE, ZERO, ONE, 2, true, "zeros"), "in_channels must be divisible by groups",
                "in_channels=3", "groups=2");
        fails(() -> new Conv2d(4, 3, THREE, ONE, ZERO, ONE, 2, true, "zeros"), "out_channels must be divisible");
        fails(() -> new Conv2d(3, 4, THREE, ONE, ZERO, ONE, 1, true, "mirror"), "padding_mode", "'mirror'",
                "[zeros, reflect, replicate, circular]");
        fails(() -> new Conv2d(3, 4, THREE, ONE, "full", ONE, 1, true, "zeros"), "padding", "[same, valid]", "'full'");
        fails(() -> new Conv2d(3, 4, THREE, new long[] {2}, "same", ONE, 1, true, "zeros"),
                "padding='same' is not supported for strided convolutions", "(2, 2)");
        fails(() -> new Conv2d(3, 4, new long[] {3, 3, 3}, ONE, ZERO, ONE, 1, true, "zeros"), "kernel_size",
                "1 or 2 values", "[3, 3, 3]");
        fails(() -> new Conv1d(3, 4, new long[] {3}, ONE, new long[] {-1}, ONE, 1, true, "zeros"), "Conv1d",
                "padding", ">= 0");
        fails(() -> new ConvTranspose2d(3, 4, THREE, ONE, ZERO, ZERO, 1, true, ONE, "reflect"),
                "only 'zeros' padding mode");
        fails(() -> new ConvTranspose2d(3, 4, THREE, new long[] {2}, ZERO, new long[] {2}, 1, true, ONE, "zeros"),
                "output_padding must be smaller than either stride or dilation");
    }

    @Test
    void convInputs() {
        Conv2d conv = new Conv2d(3, 4, 3);
        fails(() -> conv.forward(Torch.randn(2, 5, 8, 8)), "Conv2d.forward", "in_channels=3", "got 5");
        fails(() -> conv.forward(Torch.randn(8, 8)), "Conv2d.forward", "3 or 4D input", "got 2D");
        fails(() -> conv.forward(Torch.zeros(dev.trainkit.tensor.DType.INT64, 1, 3, 8, 8)), "floating-point");
        Conv1d c1 = new Conv1d(2, 4, 3);
        fails(() -> c1.forward(Torch.randn(1, 2, 5, 5)), "Conv1d.forward", "2 or 3D input", "(N, C, L)");
        ConvTranspose2d up = new ConvTranspose2d(4, 2, 3, 2, 1);
        fails(() -> up.forward(Torch.randn(1, 4, 4, 4), new long[] {20, 20}), "requested an output size of [20, 20]",
                "[7, 7] to [8, 8]");
        assertTrue(java.util.Arrays.equals(new long[] {1, 2, 8, 8},
                up.forward(Torch.randn(1, 4, 4, 4), new long[] {8, 8}).shape()));
    }

    @Test
    void normArgumentsAndInputs() {
        fails(() -> new BatchNorm2d(0), "BatchNorm2d", "num_features", "got 0");
        fails(() -> new BatchNorm2d(3, 0, 0.1, true, true), "eps", "> 0");
        fails(() -> new BatchNorm2d(3, 1e-5, 1.5, true, true), "momentum", "[0, 1]", "1.5");
        BatchNorm2d bn = new BatchNorm2d(3);
        fails(() -> bn.forward(Torch.randn(2, 3, 4)), "BatchNorm2d.forward", "4D input", "got 3D");
        fails(() -> bn.forward(Torch.randn(2, 5, 4, 4)), "num_features=3", "got 5");
        fails(() -> bn.forward(Torch.randn(1, 3, 1, 1)), "more than 1 value per channel when training");
        bn.eval();
        assertTrue(bn.forward(Torch.randn(1, 3, 1, 1)).numel() == 3); // eval mode needs no batch statistics
        BatchNorm1d bn1 = new BatchNorm1d(4);
        fails(() -> bn1.forward(Torch.randn(2, 4, 3, 3)), "BatchNorm1d.forward", "2 or 3D input", "got 4D");
        fails(() -> new GroupNorm(4, 6), "num_channels must be divisible by num_groups", "num_channels=6",
                "num_groups=4");
        fails(() -> new GroupNorm(2, 6).forward(Torch.randn(2, 4, 3)), "GroupNorm.forward", "num_channels=6", "got 4");
        fails(() -> new LayerNorm(8).forward(Torch.randn(2, 7)), "LayerNorm.forward", "normalized_shape=[8]",
                "[2, 7]");
    }

    @Test
    void otherLayers() {
        fails(() -> new Dropout(1.5), "Dropout", "between 0 and 1", "1.5");
        fails(() -> new Dropout2d(-0.1), "Dropout2d", "between 0 and 1");
        fails(() -> new Dropout2d(0.5).forward(Torch.randn(2, 3)), "3 or 4D input", "got 2D");
        fails(() -> new GELU("fast"), "GELU", "approximate", "[none, tanh]", "'fast'");
        fails(() -> new Softmax(2).forward(Torch.randn(2, 3)), "Softmax.forward", "dim=2", "[-2, 1]");
        fails(() -> new MaxPool2d(2, 2, 2), "MaxPool2d", "padding should be at most half of kernel size");
        fails(() -> new MaxPool2d(new long[] {0}, null, ZERO, ONE, false), "kernel_size", ">= 1");
        fails(() -> new MaxPool2d(2).forward(Torch.randn(4, 4)), "MaxPool2d.forward", "3 or 4D input", "got 2D");
        fails(() -> new AvgPool2d(new long[] {2}, null, ZERO, false, true, 0L), "divisor_override", "> 0");
        fails(() -> new AdaptiveAvgPool2d(new long[] {1, 2, 3}), "output_size", "1 or 2 values");
        fails(() -> new Flatten(2, 1).forward(Torch.randn(2, 3, 4)), "Flatten.forward", "start_dim=2", "end_dim=1");
        fails(() -> new Linear(4, 2).forward(Torch.randn(3, 5)), "in_features=4", "[3, 5]");
        fails(() -> new Embedding(10, 3, 10L), "padding_idx must be within num_embeddings", "got 10");
        Embedding emb = new Embedding(10, 3);
        fails(() -> emb.forward(Torch.tensor(new long[] {1, 10})), "indices must be in [0, 9]", "[1, 10]");
        fails(() -> emb.forward(Torch.randn(2)), "integer indices", "float32");
        fails(() -> F.pad(Torch.randn(1, 2, 3), new long[] {1, 1}, "wrap", 0), "pad", "mode", "'wrap'", "reflect");
        fails(() -> F.interpolate(Torch.randn(1, 1, 2, 2), new long[] {4, 4}, "nearest", true), "align_corners");
    }
}
