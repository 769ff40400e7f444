package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning RegNet and Swin: heads ({@code fc}, {@code head}), blocks for gradual unfreezing
 * and layer-wise lr decay (Swin stages with their PatchMerging), no weight decay on Swin's
 * relative position bias tables.
 */
class RegNetSwinFinetuneTest {

    @Test
    void regnetHeadIsFcAndBlocksAreStemTrunkStagesHead() {
        Module m = Models.create("regnet_y_400mf");
        assertEquals(List.of("fc"), Heads.paths(m));
        Heads.replace(m, 7);
        try (NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {1, 7}, m.forward(Torch.randn(1, 3, 32, 32)).shape());
        }
        Map<String, List<String>> b = ModelBlocks.of(m);
        assertEquals(List.of("stem", "block1", "block2", "block3", "block4", "head"), new ArrayList<>(b.keySet()));
        assertEquals(List.of("trunk_output.block3"), b.get("block3"));
        List<ParamGroupSpec> g = ParamGroups.of(m).blocks(b).layerDecay(1e-2, 0.5).build();
        assertEquals(6, g.size());
        assertEquals(m.parameters().size(), g.stream().mapToInt(s -> s.params().size()).sum(), "every parameter once");
    }

    @Test
    void swinHeadAndStagesWithLayerDecayAndNoDecayOnBiasTables() {
        Module m = Models.create("swin_t");
        assertEquals(List.of("head"), Heads.paths(m));
        Map<String, List<String>> b = ModelBlocks.of(m);
        assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4", "head"), new ArrayList<>(b.keySet()));
        assertEquals(List.of("features.0"), b.get("stem"));
        assertEquals(List.of("features.1"), b.get("stage1"));
        assertEquals(List.of("features.2", "features.3"), b.get("stage2"));
        assertEquals(List.of("features.6", "features.7"), b.get("stage4"));
        assertEquals(List.of("norm", "head"), b.get("head"));

        Map<String, ParamGroupSpec> g = ParamGroups.of(m).blocks(b).layerDecay(1e-3, 0.5).noWeightDecayOnBiasAndNorm()
                .buildNamed();
        assertEquals(m.parameters().size(), g.values().stream().mapToInt(s -> s.params().size()).sum());
        // layer-wise decay over the stages: head 1e-3, stage4 5e-4, ..., stem 1e-3 * 0.5^5
        assertEquals(1e-3, g.get("head").options().get("lr"));
        assertEquals(5e-4, g.get("stage4").options().get("lr"));
        assertEquals(1e-3 * Math.pow(0.5, 5), (double) g.get("stem").options().get("lr"), 1e-15);
        // the bias tables go with the no-decay half of their stage, attention weights do not
        Parameter table = m.namedParameters().get("features.5.1.attn.relative_position_bias_table");
        Parameter qkv = m.namedParameters().get("features.5.1.attn.qkv.weight");
        assertTrue(containsSame(g.get("stage3/no_decay").params(), table));
        assertEquals(0.0, g.get("stage3/no_decay").options().get("weight_decay"));
        assertFalse(containsSame(g.get("stage3/no_decay").params(), qkv));
        assertTrue(containsSame(g.get("stage3").params(), qkv));
        assertTrue(ParamGroups.isBiasOrNorm(m.getSubmodule("features.1.0.attn"), "relative_position_bias_table"));
        assertFalse(ParamGroups.isBiasOrNorm(m.getSubmodule("features.1.0.attn.qkv"), "weight"));
    }

    private static boolean containsSame(List<? extends Tensor> ps, Tensor p) {
        return ps.stream().anyMatch(x -> x == p);
    }
}
