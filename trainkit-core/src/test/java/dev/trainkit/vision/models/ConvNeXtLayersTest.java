package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.ops.StochasticDepth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ConvNeXt's parts on their own: LayerNorm2d is LayerNorm over the channels of NCHW, CNBlock's
 * structure, layer_scale, residual and stochastic depth, ConvNeXt's linearly growing drop
 * probabilities and argument errors. Numbers against torchvision: ZooParityTest.
 */
class ConvNeXtLayersTest {

    @Test
    void layerNorm2dIsLayerNormOverChannels() {
        try (NoGrad ng = NoGrad.enter()) {
            LayerNorm2d ln2d = new LayerNorm2d(8, 1e-6);
            ln2d.weight.copy_(Torch.rand(8).add(0.5));
            ln2d.bias.copy_(Torch.randn(8));
            LayerNorm ln = new LayerNorm(new long[] {8}, 1e-6, true, true);
            ln.weight.copy_(ln2d.weight);
            ln.bias.copy_(ln2d.bias);
            Tensor x = Torch.randn(2, 8, 5, 3).mul(3).add(1);
            Tensor y = ln2d.forward(x);
            assertArrayEquals(x.shape(), y.shape());
            Tensor expected = ln.forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);
            assertTrue(y.allclose(expected, 1e-6, 1e-6));
            // with weight 1, bias 0: mean 0 and (biased) variance 1 over C at every pixel
            Tensor plain = new LayerNorm2d(8, 1e-6).forward(x);
            assertTrue(plain.mean(1, false).abs().max().item() < 1e-5);
            assertTrue(plain.pow(2).mean(1, false).sub(1).abs().max().item() < 1e-4);
        }
        assertEquals(List.of("weight", "bias"), new ArrayList<>(new LayerNorm2d(4, 1e-6).stateDict().keySet()));
        assertTrue(new LayerNorm2d(4, 1e-6) instanceof LayerNorm, "a norm layer for no-weight-decay groups");
    }

    @Test
    void layerNorm2dRefusesInputsWithoutItsChannels() {
        LayerNorm2d ln = new LayerNorm2d(8, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ln.forward(Torch.randn(2, 4, 3, 3)));
        assertTrue(e.getMessage().contains("expected an (N, C, H, W) input with C=8, got"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ln.forward(Torch.randn(2, 8)));
        e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm2d(0, 1e-6));
        assertTrue(e.getMessage().contains("normalized_shape"), e.getMessage());
    }

    @Test
    void cnBlockStructureAndKeysAsTorchvision() {
        CNBlock b = new CNBlock(16, 1e-6, 0.2);
        assertEquals(List.of("layer_scale", "block.0.weight", "block.0.bias", "block.2.weight", "block.2.bias",
                "block.3.weight", "block.3.bias", "block.5.weight", "block.5.bias"),
                new ArrayList<>(b.stateDict().keySet()));
        assertArrayEquals(new long[] {16, 1, 1}, b.layerScale.shape());
        assertEquals((double) (float) 1e-6, b.layerScale.max().item());
        assertEquals((double) (float) 1e-6, b.layerScale.min().item());
        assertArrayEquals(new long[] {16, 1, 7, 7}, b.stateDict().get("block.0.weight").shape());
        assertArrayEquals(new long[] {64, 16}, b.stateDict().get("block.3.weight").shape());
        StochasticDepth sd = (StochasticDepth) b.child("stochastic_depth");
        assertEquals(0.2, sd.p());
        assertEquals("row", sd.mode());
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(3, 16, 9, 9);
            b.eval();
            Tensor y = b.forward(x);
            assertArrayEquals(x.shape(), y.shape());
            assertTrue(y.equal(b.forward(x)), "eval is deterministic");
            // residual: input + layer_scale * block(input)
            Tensor branch = b.child("block").forward(x);
            assertTrue(y.allclose(x.add(branch.mul(b.layerScale)), 1e-6, 1e-7));
            assertTrue(y.sub(x).abs().max().item() > 0, "the branch contributes");
        }
    }

    @Test
    void cnBlockZeroScaleOrAlwaysDroppedBranchIsTheIdentity() {
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(2, 8, 5, 5);
            assertTrue(new CNBlock(8, 0.0, 0.0).forward(x).equal(x));
            CNBlock dropped = new CNBlock(8, 1.0, 1.0);
            assertTrue(dropped.isTraining());
            assertTrue(dropped.forward(x).equal(x), "p=1 in training drops every row's branch");
            dropped.eval();
            assertTrue(!dropped.forward(x).equal(x), "eval keeps the branch");
        }
    }

    @Test
    void cnBlockRowsAreDroppedIndependently() {
        Torch.manualSeed(21);
        CNBlock b = new CNBlock(4, 1.0, 0.5);
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(400, 4, 3, 3);
            Tensor changed = b.forward(x).sub(x).abs().flatten(1, 3).max(1, false).gt(0);
            double keptFraction = changed.to(dev.trainkit.tensor.DType.FLOAT32).mean().item();
            assertEquals(0.5, keptFraction, 5 * Math.sqrt(0.25 / 400));
        }
    }

    @Test
    void cnBlockArgumentErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CNBlock(0, 1e-6, 0));
        assertTrue(e.getMessage().contains("dim must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CNBlock(8, 1e-6, 1.2));
        assertTrue(e.getMessage().contains("stochastic_depth_prob must be a probability in [0, 1], got 1.2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CNBlock(8, Double.NaN, 0));
        assertTrue(e.getMessage().contains("layer_scale must be a finite number, got NaN"), e.getMessage());
    }

    @Test
    void stochasticDepthGrowsLinearlyOverTheBlocks() {
        Module m = Models.create("convnext_tiny(num_classes=3)");
        List<Double> ps = new ArrayList<>();
        for (Module sub : m.modules()) {
            if (sub instanceof StochasticDepth sd) {
                ps.add(sd.p());
            }
        }
        assertEquals(18, ps.size(), "3 + 3 + 9 + 3 blocks");
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(0.1 * i / 17.0, ps.get(i), 1e-15, "block " + i);
        }
        try (NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {2, 3}, m.forward(Torch.randn(2, 3, 32, 32)).shape());
        }
    }

    @Test
    void convNeXtArgumentErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvNeXt(new long[0][], 0, 1e-6, 10));
        assertTrue(e.getMessage().contains("block_setting should not be empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConvNeXt(new long[][] {{8, 0, 1}}, 0, 1e-6, 10));
        assertTrue(e.getMessage().contains("out_channels > 0 or -1") && e.getMessage().contains("[8, 0, 1]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvNeXt.create("huge", 10, 0, 1e-6));
        assertTrue(e.getMessage().contains("tiny, small, base or large, got huge"), e.getMessage());
        // a one-block custom model: torchvision divides 0 by 0 here; TrainKit uses p = 0
        ConvNeXt one = new ConvNeXt(new long[][] {{8, -1, 1}}, 0.5, 1e-6, 2);
        assertEquals(0.0, ((StochasticDepth) one.getSubmodule("features.1.0.stochastic_depth")).p());
    }
}
