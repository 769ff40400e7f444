package dev.trainkit.optim.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.finetune.Freezer;
import dev.trainkit.optim.AdamW;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamGroupsTest {
    /** stem (conv, bn), layer1 (conv, bn), layer2 (conv), fc. */
    static final class Net extends Module {
        Net() {
            registerModule("stem", new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4)));
            registerModule("layer1", new Sequential(new Conv2d(4, 4, 3), new BatchNorm2d(4)));
            registerModule("layer2", new Sequential(new Conv2d(4, 4, 3)));
            registerModule("fc", new Linear(4, 2));
        }
    }

    private static ParamGroups blocks(Module m) {
        return ParamGroups.of(m).block("stem", "stem").block("layer1", "layer1").block("layer2", "layer2")
                .block("head", "fc");
    }

    @Test
    void discriminativeLearningRatesPerBlock() {
        Net m = new Net();
        Map<String, ParamGroupSpec> g = blocks(m).lrMultipliers(1e-2, 0.01, 0.1, 0.5, 1).buildNamed();
        assertEquals(List.of("stem", "layer1", "layer2", "head"), new ArrayList<>(g.keySet()));
        assertEquals(1e-4, (double) g.get("stem").options().get("lr"), 1e-18);
        assertEquals(1e-3, (double) g.get("layer1").options().get("lr"), 1e-18);
        assertEquals(5e-3, (double) g.get("layer2").options().get("lr"), 1e-18);
        assertEquals(1e-2, (double) g.get("head").options().get("lr"), 1e-18);
        assertEquals(4, g.get("stem").params().size());
        assertSame(m.getSubmodule("fc").parameters().get(0), g.get("head").params().get(0));
        Map<String, ParamGroupSpec> explicit = blocks(m).lrs(1, 2, 3, 4).buildNamed();
        assertEquals(3.0, explicit.get("layer2").options().get("lr"));
    }

    @Test
    void layerWiseDecayFromTheHead() {
        Map<String, ParamGroupSpec> g = blocks(new Net()).layerDecay(1e-3, 0.5).buildNamed();
        assertEquals(1e-3 * 0.125, (double) g.get("stem").options().get("lr"), 1e-18);
        assertEquals(1e-3 * 0.25, (double) g.get("layer1").options().get("lr"), 1e-18);
        assertEquals(1e-3 * 0.5, (double) g.get("layer2").options().get("lr"), 1e-18);
        assertEquals(1e-3, (double) g.get("head").options().get("lr"), 1e-18);
    }

    @Test
    void noWeightDecayOnBiasesAndNormsCombinesWithLearningRates() {
        Net m = new Net();
        Map<String, ParamGroupSpec> g = blocks(m).layerDecay(1e-3, 0.5).noWeightDecayOnBiasAndNorm().buildNamed();
        assertEquals(List.of("stem", "stem/no_decay", "layer1", "layer1/no_decay", "layer2", "layer2/no_decay", "head",
                "head/no_decay"), new ArrayList<>(g.keySet()));
        // stem: conv weight decays; conv bias, BN weight and bias do not
        assertEquals(List.of(m.getSubmodule("stem.0").parameters().get(0)), g.get("stem").params());
        assertEquals(3, g.get("stem/no_decay").params().size());
        assertEquals(0.0, g.get("stem/no_decay").options().get("weight_decay"));
        assertEquals(g.get("stem").options().get("lr"), g.get("stem/no_decay").options().get("lr"));
        assertTrue(!g.get("head").options().containsKey("weight_decay"), "decayed groups keep the optimizer's");
        Optimizer opt = new AdamW(new ArrayList<>(g.values()), Map.of("lr", 1.0, "weight_decay", 0.05));
        List<ParamGroup<Tensor>> pg = opt.paramGroups();
        assertEquals(8, pg.size());
        assertEquals(0.05, pg.get(0).getDouble("weight_decay"));
        assertEquals(0.0, pg.get(1).getDouble("weight_decay"));
        assertEquals(1e-3, pg.get(6).lr(), 1e-18);
    }

    @Test
    void trainableOnlyAndFirstBlockWins() {
        Net m = new Net();
        Freezer.freeze(m, "stem");
        List<ParamGroupSpec> g = ParamGroups.of(m).block("head", "fc").block("rest", "*").trainableOnly().build();
        assertEquals(2, g.size());
        assertEquals(2, g.get(0).params().size());
        assertEquals(4 + 2, g.get(1).params().size(), "layer1 (4) + layer2 (2); stem frozen and left out");
        assertEquals(4, ParamGroups.of(m).blocksFromChildren().build().size());
    }

    @Test
    void badInputsAreClearErrors() {
        Net m = new Net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamGroups.of(m).block("a", "layer3"));
        assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParamGroups.of(m).block("head", "fc").build());
        assertTrue(e.getMessage().contains("in no block") && e.getMessage().contains("stem.0.weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> blocks(m).lrs(1, 2).build());
        assertTrue(e.getMessage().contains("one value per block (4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> blocks(m).lrs(1, 2, 3, 4).layerDecay(1, 0.5).build());
        assertThrows(IllegalArgumentException.class, () -> blocks(m).layerDecay(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamGroups.of(m).block("a", "fc").block("a", "stem"));
        Freezer.freeze(m, "*");
        assertThrows(IllegalArgumentException.class, () -> ParamGroups.of(m).block("all", "*").trainableOnly().build());
    }
}
