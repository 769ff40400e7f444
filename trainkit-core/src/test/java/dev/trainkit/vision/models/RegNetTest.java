package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RegNet's parts: BlockParams' checks and stage layout, block structure (projection only where
 * the shape changes, SE only for RegNetY), init statistics, builder arguments and another
 * RegNet's checkpoint. Widths of every builder against torchvision: ModelKeysTest; numbers:
 * ZooParityTest.
 */
class RegNetTest {

    @Test
    void blockParamsRefuseInvalidSettingsAsTorchvision() {
        for (double[] bad : new double[][] {{16, 44, 27.89, 2.09}, {16, 0, 27.89, 2.09}, {16, 48, -1, 2.09},
                {16, 48, 27.89, 1.0}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BlockParams.fromInitParams((long) bad[0], (long) bad[1], bad[2], bad[3], 8, 1.0, 0.25));
            assertTrue(e.getMessage().contains("Invalid RegNet settings"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockParams(new long[] {1, 2}, new long[] {8}, new long[] {8}, new double[] {1},
                        new long[] {2}, 0));
        assertTrue(e.getMessage().contains("the same length, got 2, 1"), e.getMessage());
    }

    @Test
    void stagesSplitWhereTheQuantisedWidthChanges() {
        BlockParams p = BlockParams.fromInitParams(16, 48, 27.89, 2.09, 8, 1.0, 0.25);
        assertEquals(16, java.util.Arrays.stream(p.depths()).sum());
        for (int s = 0; s < p.numStages(); s++) {
            assertEquals(2, p.strides()[s]);
            assertEquals(0, p.widths()[s] % p.groupWidths()[s], "width divisible by the group width");
            assertTrue(s == 0 || p.widths()[s] > p.widths()[s - 1]);
        }
        RegNet m = new RegNet(p, 10, 32);
        assertEquals(p.widths()[p.numStages() - 1], m.numFeatures());
        assertArrayEquals(new long[] {10, m.numFeatures()}, m.stateDict().get("fc.weight").shape());
    }

    @Test
    void projectionOnlyWhereTheShapeChangesAndSqueezeExcitationOnlyForY() {
        ResBottleneckBlock first = new ResBottleneckBlock(32, 48, 2, 8, 1.0, 0.25);
        ResBottleneckBlock next = new ResBottleneckBlock(48, 48, 1, 8, 1.0, 0.25);
        assertTrue(first.namedChildren().containsKey("proj"));
        assertFalse(next.namedChildren().containsKey("proj"));
        assertEquals(List.of("a", "b", "se", "c"), List.copyOf(first.child("f").namedChildren().keySet()));
        // squeeze channels round(0.25 * width_in), groups w_b / group_width
        assertArrayEquals(new long[] {8, 48, 1, 1}, first.stateDict().get("f.se.fc1.weight").shape());
        assertEquals(6, ((Conv2d) first.getSubmodule("f.b.0")).groups());
        BottleneckTransform x = new BottleneckTransform(32, 48, 2, 8, 1.0, 0);
        assertEquals(List.of("a", "b", "c"), List.copyOf(x.namedChildren().keySet()));
        try (NoGrad ng = NoGrad.enter()) {
            first.eval();
            next.eval();
            Tensor y = first.forward(Torch.randn(2, 32, 9, 9));
            assertArrayEquals(new long[] {2, 48, 5, 5}, y.shape());
            assertTrue(y.min().item() >= 0, "ReLU after the sum");
            Tensor z = next.forward(y);
            assertArrayEquals(y.shape(), z.shape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BottleneckTransform(32, 44, 1, 8, 1.0, 0));
        assertTrue(e.getMessage().contains("expected a positive multiple of group_width, got group_width=8"),
                e.getMessage());
    }

    @Test
    void stagesNameTheirBlocksLikeTorchvision() {
        Module m = Models.create("regnet_y_400mf");
        Map<String, Tensor> sd = m.stateDict();
        assertTrue(sd.containsKey("trunk_output.block1.block1-0.proj.0.weight"));
        assertTrue(sd.containsKey("trunk_output.block4.block4-0.f.se.fc2.bias"));
        assertFalse(sd.containsKey("trunk_output.block1.block1-1.proj.0.weight"));
        assertTrue(Models.create("regnet_x_400mf").stateDict().keySet().stream().noneMatch(k -> k.contains(".se.")));
    }

    @Test
    void initAsTorchvision() {
        RegNet m = (RegNet) Models.create("regnet_x_1_6gf");
        Map<String, Tensor> sd = m.stateDict();
        // conv weights N(0, 2 / (k * k * out_channels)) regardless of groups
        Tensor w = sd.get("trunk_output.block3.block3-1.f.b.0.weight");
        long[] s = w.shape();
        assertEquals(Math.sqrt(2.0 / (9 * s[0])), std(w), 0.05 * Math.sqrt(2.0 / (9 * s[0])));
        assertEquals(0.01, std(sd.get("fc.weight")), 0.0005);
        assertEquals(0.0, sd.get("fc.bias").abs().max().item());
        assertEquals(1.0, sd.get("stem.1.weight").min().item());
        assertEquals(0.0, sd.get("stem.1.bias").abs().max().item());
    }

    private static double std(Tensor t) {
        Tensor c = t.sub(t.mean());
        return Math.sqrt(c.mul(c).mean().item());
    }

    @Test
    void builderArgumentsAreTorchvisions() {
        assertEquals(List.of("num_classes", "stem_width"), Models.info("regnet_y_128gf").arguments());
        assertEquals(15, Models.listModels("regnet_*").size());
        Module m = Models.create("regnet_x_400mf(num_classes=3, stem_width=16)");
        assertArrayEquals(new long[] {16, 3, 3, 3}, m.stateDict().get("stem.0.weight").shape());
        assertArrayEquals(new long[] {3}, m.stateDict().get("fc.bias").shape());
        try (NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {1, 3}, m.forward(Torch.randn(1, 3, 33, 47)).shape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create("regnet_x_400mf(stem_width=0)"));
        assertTrue(e.getMessage().contains("stem_width must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RegNet.create("regnet_z_1gf", 10, 32));
        assertTrue(e.getMessage().contains("regnet_y_400mf"), e.getMessage());
    }

    @Test
    void aRegNetXCheckpointInARegNetYNamesTheKeys() {
        Map<String, Tensor> x = Models.create("regnet_x_400mf").stateDict();
        Module y = Models.create("regnet_y_400mf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.loadStateDict(x, true));
        assertTrue(e.getMessage().contains("size mismatch for") && e.getMessage().contains("missing keys")
                && e.getMessage().contains(".f.se.fc1.weight"), e.getMessage());
    }
}
