package dev.trainkit.optim.finetune;

import dev.trainkit.nn.finetune.BatchNormStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnfreezeScheduleTest {
    private static List<String> trainable(Module m) {
        List<String> out = new ArrayList<>();
        m.namedParameters().forEach((k, p) -> {
            if (p.requiresGrad()) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void newlyUnfrozenParametersJoinTheOptimizerAsNewGroups() {
        Module m = new ParamGroupsTest.Net();
        UnfreezeSchedule gu = new UnfreezeSchedule(BatchNormStats.LOCKED).at(0, "fc").at(2, Map.of("lr", 1e-4), "layer2", "layer1");
        gu.freezeInitial(m);
        assertEquals(List.of(), trainable(m));
        assertFalse(m.getSubmodule("layer1.1").isTraining());
        assertEquals(List.of("fc.weight", "fc.bias"), gu.onEpochStart(0, m, null));
        List<Parameter> head = m.getSubmodule("fc").parameters();
        SGD opt = new SGD(head, Map.of("lr", 1e-2));
        assertEquals(List.of(), gu.onEpochStart(1, m, opt));
        assertEquals(1, opt.paramGroups().size());
        List<String> now = gu.onEpochStart(2, m, opt);
        assertEquals(List.of("layer1.0.weight", "layer1.0.bias", "layer1.1.weight", "layer1.1.bias", "layer2.0.weight",
                "layer2.0.bias"), now);
        assertEquals(2, opt.paramGroups().size());
        assertEquals(1e-4, opt.paramGroups().get(1).lr());
        assertEquals(6, opt.paramGroups().get(1).params().size());
        m.train();
        assertTrue(m.getSubmodule("layer1.1").isTraining(), "the stage unlocked its BatchNorm statistics");
        assertFalse(m.getSubmodule("stem.1").isTraining(), "stem's are still frozen");
        assertEquals(List.of(), gu.onEpochStart(3, m, opt), "each stage once");
        assertEquals(2, opt.paramGroups().size());
    }

    @Test
    void parametersAlreadyInTheOptimizerAreOnlyFlipped() {
        Module m = new ParamGroupsTest.Net();
        UnfreezeSchedule gu = new UnfreezeSchedule(BatchNormStats.UPDATING).at(0, "fc").at(1, "layer*");
        gu.freezeInitial(m);
        SGD opt = new SGD(m.parameters(), Map.of("lr", 1e-2));
        gu.onEpochStart(0, m, opt);
        assertEquals(List.of("fc.weight", "fc.bias"), trainable(m));
        // resuming at epoch 5 catches up with every earlier stage
        List<String> caught = gu.onEpochStart(5, m, opt);
        assertEquals(6, caught.size());
        assertEquals(1, opt.paramGroups().size(), "no group added: the optimizer holds them already");
        for (Tensor p : m.getSubmodule("layer2").parameters()) {
            assertTrue(p.requiresGrad());
        }
    }

    @Test
    void badSchedulesAreErrors() {
        Module m = new ParamGroupsTest.Net();
        assertThrows(IllegalArgumentException.class, () -> new UnfreezeSchedule(BatchNormStats.UPDATING).at(-1, "fc"));
        assertThrows(IllegalArgumentException.class, () -> new UnfreezeSchedule(BatchNormStats.UPDATING).at(0));
        UnfreezeSchedule gu = new UnfreezeSchedule(BatchNormStats.UPDATING).at(3, "layer9");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gu.freezeInitial(m));
        assertTrue(e.getMessage().contains("UnfreezeSchedule.at(3)") && e.getMessage().contains("layer9"), e.getMessage());
    }
}
