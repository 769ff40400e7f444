package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.ops.StochasticDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Swin's parts on their own: the relative position index and shift mask by their definitions,
 * block structure and keys, the stochastic depth schedule and alternating shifts, builder
 * arguments, bad inputs (window/shift/patch mismatches, wrong channels, a Swin checkpoint into
 * a RegNet, a ViT or a Swin of another window). Numbers against torchvision: ZooParityTest
 * (swin_t at 64², 112², 28×116).
 */
class SwinTransformerTest {

    @Test
    void relativePositionIndexFollowsTheOffsets() {
        long[] ws = {3, 4};
        long[] idx = ShiftedWindowAttention.relativePositionIndex(ws);
        int n = 12;
        long tableRows = (2 * 3 - 1) * (2 * 4 - 1);
        long centre = (3 - 1) * (2 * 4 - 1) + (4 - 1); // offset (0, 0)
        assertEquals(n * n, idx.length);
        for (int i = 0; i < n; i++) {
            assertEquals(centre, idx[i * n + i], "a token and itself");
            for (int j = 0; j < n; j++) {
                assertTrue(idx[i * n + j] >= 0 && idx[i * n + j] < tableRows);
                assertEquals(2 * centre, idx[i * n + j] + idx[j * n + i], "offsets (d) and (-d) mirror the centre");
            }
        }
        // token 0 at (0, 0), token 5 at (1, 1): offset (-1, -1)
        assertEquals(centre - (2 * 4 - 1) - 1, idx[5]);
        ShiftedWindowAttention a = new ShiftedWindowAttention(8, ws, new long[] {0, 0}, 2, true, true, 0, 0);
        assertArrayEquals(idx, a.namedBuffers().get("relative_position_index").toLongArray());
        assertArrayEquals(new long[] {tableRows, 2}, a.relativePositionBiasTable.shape());
        assertArrayEquals(new long[] {1, 2, n, n}, a.relativePositionBias().shape());
    }

    @Test
    void shiftMaskSeparatesTheRegionsOfTheRolledMap() {
        long[] ws = {7, 7};
        float[] m = ShiftedWindowAttention.shiftMask(14, 14, ws, new long[] {3, 3});
        int n = 49;
        assertEquals(4 * n * n, m.length);
        int[] blocked = new int[4];
        for (int w = 0; w < 4; w++) {
            for (int p = 0; p < n; p++) {
                assertEquals(0f, m[w * n * n + p * n + p]);
                for (int q = 0; q < n; q++) {
                    float v = m[w * n * n + p * n + q];
                    assertTrue(v == 0f || v == -100f);
                    assertEquals(v, m[w * n * n + q * n + p]);
                    blocked[w] += v != 0f ? 1 : 0;
                }
            }
        }
        assertEquals(0, blocked[0], "the top-left window holds one region");
        assertTrue(blocked[1] > 0 && blocked[2] > 0 && blocked[3] > blocked[1], "2, 2 and 4 regions");
        // no vertical shift (the map is one window high): the slice [-0:] relabels every row, so
        // only the columns split, as in torchvision
        float[] flat = ShiftedWindowAttention.shiftMask(7, 14, ws, new long[] {0, 3});
        int left = 0;
        int right = 0;
        for (int i = 0; i < n * n; i++) {
            left += flat[i] != 0f ? 1 : 0;
            right += flat[n * n + i] != 0f ? 1 : 0;
        }
        assertEquals(0, left);
        assertEquals(2 * (7 * 4) * (7 * 3), right, "4 columns against 3 columns, both ways");
    }

    @Test
    void blockKeysAndForwardKeepTheLayout() {
        SwinTransformerBlock b = new SwinTransformerBlock(8, 2, new long[] {3, 3}, new long[] {1, 1}, 4.0, 0, 0, 0.1);
        assertEquals(List.of("norm1.weight", "norm1.bias", "attn.relative_position_bias_table",
                "attn.relative_position_index", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight",
                "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.0.weight", "mlp.0.bias", "mlp.3.weight",
                "mlp.3.bias"), new ArrayList<>(b.stateDict().keySet()));
        assertArrayEquals(new long[] {32, 8}, b.stateDict().get("mlp.0.weight").shape());
        assertTrue(b.stateDict().get("mlp.0.bias").abs().max().item() < 1e-4, "mlp biases ~ N(0, 1e-6²)");
        try (NoGrad ng = NoGrad.enter()) {
            b.eval();
            Tensor x = Torch.randn(2, 5, 7, 8); // neither side a window multiple
            Tensor y = b.forward(x);
            assertArrayEquals(x.shape(), y.shape());
            assertTrue(y.equal(b.forward(x)));
        }
    }

    @Test
    void patchMergingHalvesTheMapAndDoublesTheChannels() {
        PatchMerging pm = new PatchMerging(4);
        assertEquals(List.of("reduction.weight", "norm.weight", "norm.bias"), new ArrayList<>(pm.stateDict().keySet()));
        assertArrayEquals(new long[] {8, 16}, pm.stateDict().get("reduction.weight").shape());
        try (NoGrad ng = NoGrad.enter()) {
            assertArrayEquals(new long[] {2, 3, 4, 8}, pm.forward(Torch.randn(2, 5, 7, 4)).shape(), "odd sizes pad");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pm.forward(Torch.randn(2, 4, 6, 6)));
        assertTrue(e.getMessage().contains("[..., H, W, 4]"), e.getMessage());
    }

    @Test
    void stochasticDepthGrowsLinearlyAndEverySecondBlockShifts() {
        SwinTransformer m = (SwinTransformer) Models.create("swin_t");
        List<Double> ps = new ArrayList<>();
        List<Long> shifts = new ArrayList<>();
        for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
            if (e.getValue() instanceof SwinTransformerBlock blk) {
                ps.add(((StochasticDepth) blk.child("stochastic_depth")).p());
                shifts.add(((ShiftedWindowAttention) blk.child("attn")).shiftSize()[0]);
            }
        }
        assertEquals(12, ps.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(0.2 * i / 11.0, ps.get(i), 1e-12);
        }
        assertEquals(List.of(0L, 3L, 0L, 3L, 0L, 3L, 0L, 3L, 0L, 3L, 0L, 3L), shifts);
        assertEquals(768, m.numFeatures());
        assertEquals(28288354, m.parameterCount(false));
    }

    @Test
    void builderArgumentsAreTorchvisions() {
        assertEquals(List.of("num_classes", "mlp_ratio", "dropout", "attention_dropout"),
                Models.info("swin_b").arguments());
        SpecException e = assertThrows(SpecException.class, () -> Models.create("swin_t(stochastic_depth_prob=0.1)"));
        assertTrue(e.getMessage().contains("stochastic_depth_prob"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Models.create("swin_t(window_size=[8, 8])"));
        assertTrue(e.getMessage().contains("window_size"), e.getMessage());
        SwinTransformer m = (SwinTransformer) Models.create("swin_t(num_classes=5, mlp_ratio=2.0)");
        assertArrayEquals(new long[] {5, 768}, m.stateDict().get("head.weight").shape());
        assertArrayEquals(new long[] {192, 96}, m.stateDict().get("features.1.0.mlp.0.weight").shape());
        try (NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {1, 5}, m.forward(Torch.randn(1, 3, 40, 52)).shape());
        }
    }

    @Test
    void windowShiftAndPatchMismatchesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShiftedWindowAttention(8, new long[] {7, 7, 7}, new long[] {0, 0}, 2, true, true, 0, 0));
        assertTrue(e.getMessage().contains("window_size and shift_size must be of length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ShiftedWindowAttention(8, new long[] {7, 7}, new long[] {7, 3}, 2, true, true, 0, 0));
        assertTrue(e.getMessage().contains("0 <= shift_size < window_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ShiftedWindowAttention(10, new long[] {7, 7}, new long[] {0, 0}, 3, true, true, 0, 0));
        assertTrue(e.getMessage().contains("dim must be a positive multiple of num_heads, got dim=10, num_heads=3"),
                e.getMessage());
        ShiftedWindowAttention a = new ShiftedWindowAttention(8, new long[] {2, 2}, new long[] {1, 1}, 2, true, true,
                0, 0);
        e = assertThrows(IllegalArgumentException.class, () -> a.forward(Torch.randn(1, 8, 4, 4)));
        assertTrue(e.getMessage().contains("channels-last [B, H, W, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SwinTransformer(new long[] {4}, 8,
                new long[] {2}, new long[] {2}, new long[] {7, 7}, 4, 0, 0, 0, 10));
        assertTrue(e.getMessage().contains("patch_size expected two positive sizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SwinTransformer(new long[] {4, 4}, 8,
                new long[] {2, 2}, new long[] {2}, new long[] {7, 7}, 4, 0, 0, 0, 10));
        assertTrue(e.getMessage().contains("depths=[2, 2], num_heads=[2]"), e.getMessage());
        SwinTransformer small = new SwinTransformer(new long[] {4, 4}, 8, new long[] {1, 1}, new long[] {2, 2},
                new long[] {3, 3}, 2, 0, 0, 0, 4);
        e = assertThrows(IllegalArgumentException.class, () -> small.forward(Torch.randn(1, 3, 3, 16)));
        assertTrue(e.getMessage().contains("H >= 4 and W >= 4 (patch_size)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small.forward(Torch.randn(1, 1, 16, 16)));
        assertTrue(e.getMessage().contains("[N, 3, H, W]"), e.getMessage());
    }

    @Test
    void anotherModelsCheckpointFailsNamingTheKeys() {
        SwinTransformer tiny = new SwinTransformer(new long[] {4, 4}, 8, new long[] {1, 1}, new long[] {2, 2},
                new long[] {3, 3}, 2, 0, 0, 0, 4);
        Map<String, Tensor> swin = tiny.stateDict();
        Module regnet = Models.create("regnet_x_400mf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regnet.loadStateDict(swin, true));
        assertTrue(e.getMessage().contains("missing keys") && e.getMessage().contains("stem.0.weight")
                && e.getMessage().contains("unexpected keys") && e.getMessage().contains("relative_position_bias_table"),
                e.getMessage());
        Module vit = Models.create("vit_b_32(image_size=64)");
        e = assertThrows(IllegalArgumentException.class, () -> vit.loadStateDict(swin, true));
        assertTrue(e.getMessage().contains("missing keys") && e.getMessage().contains("class_token")
                && e.getMessage().contains("unexpected keys") && e.getMessage().contains("features.0.0.weight"),
                e.getMessage());
        // same keys, other window: the bias table's shape names the mismatch
        SwinTransformer otherWindow = new SwinTransformer(new long[] {4, 4}, 8, new long[] {1, 1}, new long[] {2, 2},
                new long[] {5, 5}, 2, 0, 0, 0, 4);
        e = assertThrows(IllegalArgumentException.class, () -> otherWindow.loadStateDict(swin, true));
        assertTrue(e.getMessage().contains("size mismatch for features.1.0.attn.relative_position_bias_table:"
                + " checkpoint [25, 2] vs model [81, 2]"), e.getMessage());
    }
}
