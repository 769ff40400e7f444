package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Models.create / listModels, builder arguments, head replacement and argument errors. */
class ModelsTest {

    @Test
    void createBindsTorchvisionKeywordArguments() {
        Module r = Models.create("resnet50(num_classes=4)");
        assertArrayEquals(new long[] {4, 2048}, r.stateDict().get("fc.weight").shape());
        Module m = Models.create("mobilenet_v3_small(num_classes=10, dropout=0.1)");
        assertArrayEquals(new long[] {10, 1024}, m.stateDict().get("classifier.3.weight").shape());
        assertEquals(0.1, ((Dropout) m.getSubmodule("classifier.2")).p());
        Module w = Models.create("mobilenet_v2(width_mult=0.5, num_classes=3)");
        assertArrayEquals(new long[] {16, 3, 3, 3}, w.stateDict().get("features.0.0.weight").shape());
        Module c = Models.create("convnext_tiny(num_classes=5, stochastic_depth_prob=0.3, layer_scale=0.5)");
        assertArrayEquals(new long[] {5, 768}, c.stateDict().get("classifier.2.weight").shape());
        assertEquals(0.5f, c.stateDict().get("features.3.2.layer_scale").max().item(), 1e-7);
        assertEquals(0.3, ((dev.trainkit.vision.ops.StochasticDepth) c.getSubmodule("features.7.2.stochastic_depth"))
                .p(), 1e-15);
        assertEquals(List.of("num_classes", "stochastic_depth_prob", "layer_scale"),
                Models.info("convnext_large").arguments());
        Module d = Models.create("resnet50(replace_stride_with_dilation=[False, True, True])");
        // values printed by torchvision 0.14 for the same arguments
        Conv2d l3 = (Conv2d) d.getSubmodule("layer3.0.conv2");
        Conv2d l40 = (Conv2d) d.getSubmodule("layer4.0.conv2");
        Conv2d l41 = (Conv2d) d.getSubmodule("layer4.1.conv2");
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, concat(l3.stride(), l3.dilation(), l3.padding()));
        assertArrayEquals(new long[] {1, 1, 2, 2, 2, 2}, concat(l40.stride(), l40.dilation(), l40.padding()));
        assertArrayEquals(new long[] {1, 1, 4, 4, 4, 4}, concat(l41.stride(), l41.dilation(), l41.padding()));
    }

    private static long[] concat(long[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToLong(java.util.Arrays::stream).toArray();
    }

    @Test
    void listModelsFiltersWithShellGlobsLikeTorchvision() {
        assertEquals(List.of("resnet101", "resnet152", "resnet18", "resnet34", "resnet50"), Models.listModels("resnet*"));
        assertEquals(List.of("vgg11", "vgg19"), Models.listModels("vgg1[19]"));
        assertEquals(List.of("mnasnet0_5", "mnasnet0_75"), Models.listModels("mnasnet0_?*"));
        assertEquals(76, Models.listModels("*").size());
        assertEquals(Models.listModels(), Models.listModels(null));
        assertTrue(Models.listModels("nothing*").isEmpty());
        assertEquals(Models.listModels().stream().sorted().toList(), Models.listModels());
    }

    @Test
    void unknownNamesAndArgumentsListTheValidOnesWithTheClosestMatch() {
        SpecException e = assertThrows(SpecException.class, () -> Models.create("resnet5"));
        assertTrue(e.getMessage().contains("did you mean 'resnet50'") && e.getMessage().contains("mobilenet_v2"),
                e.getMessage());
        e = assertThrows(SpecException.class, () -> Models.create("resnet50(num_class=4)"));
        assertTrue(e.getMessage().contains("did you mean 'num_classes'")
                && e.getMessage().contains("zero_init_residual"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Models.create("resnext50_32x4d(groups=8)"));
        assertTrue(e.getMessage().contains("unknown argument 'groups'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Models.create("resnet18(4)"));
        assertTrue(e.getMessage().contains("keyword arguments only"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Models.create("alexnet(num_classes='ten')"));
        assertTrue(e.getMessage().contains("num_classes") && e.getMessage().contains("integer"), e.getMessage());
        assertThrows(SpecException.class, () -> Models.info("vgg"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "resnet18(num_classes=0)|num_classes must be > 0",
        "resnet18(groups=2)|BasicBlock only supports groups=1",
        "resnet18(replace_stride_with_dilation=[True, False, False])|dilation > 1 is not supported",
        "resnet50(replace_stride_with_dilation=[True])|3-element",
        "alexnet(dropout=1.5)|dropout must be a probability",
        "mobilenet_v2(width_mult=0)|width_mult must be > 0",
        "mobilenet_v3_large(width_mult=-1.0)|width_mult must be > 0",
        "squeezenet1_0(num_classes=-3)|num_classes must be > 0",
        "densenet121(drop_rate=2.0)|drop_rate must be a probability",
        "googlenet(dropout_aux=-0.1)|dropout_aux must be a probability",
        "mnasnet1_0(dropout=7)|dropout must be a probability",
        "convnext_tiny(stochastic_depth_prob=1.5)|stochastic_depth_prob must be a probability",
        "convnext_small(num_classes=0)|num_classes must be > 0",
    })
    void invalidValuesAreClearErrors(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.create(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** setSubmodule on each family's head reaches forward (children are read through the registry). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "resnet18|fc|512|64",
        "alexnet|classifier.6|4096|64",
        "vgg11(init_weights=False)|classifier.6|4096|32",
        "densenet121|classifier|1024|32",
        "googlenet(init_weights=False)|fc|1024|32",
        "inception_v3(init_weights=False)|fc|2048|75",
        "shufflenet_v2_x0_5|fc|1024|32",
        "mobilenet_v2|classifier.1|1280|32",
        "mobilenet_v3_small|classifier.3|1024|32",
        "mnasnet0_5|classifier.1|1280|32",
        "convnext_tiny|classifier.2|768|32",
    })
    void replacingTheHeadChangesTheOutput(String spec, String head, long features, long size) {
        Module m = Models.create(spec);
        m.setSubmodule(head, new Linear(features, 3));
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            Tensor out = m.forward(Torch.randn(2, 3, size, size));
            assertArrayEquals(new long[] {2, 3}, out.shape());
        }
        assertArrayEquals(new long[] {3, features}, m.stateDict().get(head + ".weight").shape());
    }

    @Test
    void squeezenetHeadIsAConvolution() {
        Module m = Models.create("squeezenet1_1");
        m.setSubmodule("classifier.1", new Conv2d(512, 5, 1));
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            assertArrayEquals(new long[] {1, 5}, m.forward(Torch.randn(1, 3, 32, 32)).shape());
        }
    }

    @Test
    void auxiliaryHeadsOnlyInTrainingModeAndOnlyWhenAsked() {
        Inception3 inc = (Inception3) Models.create("inception_v3(init_weights=False, aux_logits=False)");
        assertFalse(inc.hasAuxLogits());
        assertTrue(inc.stateDict().keySet().stream().noneMatch(k -> k.startsWith("AuxLogits")));
        GoogLeNet g = (GoogLeNet) Models.create("googlenet(init_weights=False)");
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(2, 3, 32, 32);
            g.eval();
            GoogLeNetOutputs eval = g.forwardOutputs(x);
            assertNull(eval.auxLogits1());
            assertNull(eval.auxLogits2());
            g.train();
            GoogLeNetOutputs train = g.forwardOutputs(x);
            assertArrayEquals(new long[] {2, 1000}, train.auxLogits1().shape());
            assertArrayEquals(new long[] {2, 1000}, train.auxLogits2().shape());
            assertArrayEquals(new long[] {2, 1000}, g.forward(x).shape());
        }
    }

    @Test
    void inputsTooSmallForInceptionAreClearErrors() {
        Inception3 inc = (Inception3) Models.create("inception_v3(init_weights=False)");
        inc.eval();
        try (NoGrad ng = NoGrad.enter()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> inc.forward(Torch.randn(1, 3, 64, 64)));
            assertTrue(e.getMessage().contains(">= 75"), e.getMessage());
            inc.train();
            e = assertThrows(IllegalArgumentException.class, () -> inc.forwardOutputs(Torch.randn(2, 3, 80, 80)));
            assertTrue(e.getMessage().contains("299"), e.getMessage());
        }
    }

    @Test
    void channelShuffleInterleavesGroups() {
        Tensor x = Torch.arange(6).to(dev.trainkit.tensor.DType.FLOAT32).view(1, 6, 1, 1);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, ChannelShuffle.apply(x, 2).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> ChannelShuffle.apply(x, 4));
        assertThrows(IllegalArgumentException.class, () -> ChannelShuffle.apply(x.view(6), 2));
    }
}
