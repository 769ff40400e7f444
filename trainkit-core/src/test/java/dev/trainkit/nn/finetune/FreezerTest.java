package dev.trainkit.nn.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FreezerTest {
    /** features.0 Conv, features.1 BN, features.2 ReLU, features.3 Conv, features.4 BN, pool, flatten; fc. */
    static final class Net extends Module {
        Net() {
            registerModule("features", new Sequential(new Conv2d(3, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(),
                    new Conv2d(4, 4, 3, 1, 1), new BatchNorm2d(4), new AdaptiveAvgPool2d(1), new Flatten()));
            registerModule("fc", new Linear(4, 2));
        }

        @Override
        public Tensor forward(Tensor x) {
            return child("fc").forward(child("features").forward(x));
        }
    }

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
    void globsMatchModuleAndParameterNamesLikeFnmatch() {
        List<Pattern> p = List.of(ModuleGlob.compile("layer1.*"));
        assertTrue(ModuleGlob.selectsParameter(p, "layer1.0.conv1.weight"));
        assertFalse(ModuleGlob.selectsParameter(p, "layer10.weight"), "'.' is literal");
        assertFalse(ModuleGlob.selectsParameter(p, "layer2.0.conv1.weight"));
        List<Pattern> exact = List.of(ModuleGlob.compile("features.0"));
        assertTrue(ModuleGlob.selectsParameter(exact, "features.0.weight"), "by containing module");
        assertFalse(ModuleGlob.selectsParameter(exact, "features.01.weight"));
        assertFalse(ModuleGlob.selectsParameter(exact, "features.10.weight"));
        assertTrue(ModuleGlob.selectsParameter(List.of(ModuleGlob.compile("*.bias")), "a.b.bias"));
        assertFalse(ModuleGlob.selectsParameter(List.of(ModuleGlob.compile("*.bias")), "a.b.weight"));
        assertTrue(ModuleGlob.selectsParameter(List.of(ModuleGlob.compile("features.[03]")), "features.3.weight"));
        assertTrue(ModuleGlob.selectsModule(List.of(ModuleGlob.compile("*")), ""));
    }

    @Test
    void freezeAndUnfreezeByNameAndGlob() {
        Net m = new Net();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.3.weight", "features.3.bias", "features.4.weight", "features.4.bias", "fc.weight", "fc.bias"),
                Freezer.freeze(m, "*"));
        assertEquals(List.of(), trainable(m));
        assertEquals(List.of("fc.weight", "fc.bias"), Freezer.unfreeze(m, "fc"));
        assertEquals(List.of("fc.weight", "fc.bias"), trainable(m));
        Freezer.unfreeze(m, "features.[34].*");
        assertEquals(List.of("features.3.weight", "features.3.bias", "features.4.weight", "features.4.bias",
                "fc.weight", "fc.bias"), trainable(m));
        Freezer.freeze(m, "*.bias");
        assertEquals(List.of("features.3.weight", "features.4.weight", "fc.weight"), trainable(m));
        Freezer.freeze(m, "fc.weight");
        assertEquals(List.of("features.3.weight", "features.4.weight"), trainable(m));
    }

    @Test
    void patternsMatchingNothingAreErrorsWithTheClosestName() {
        Net m = new Net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Freezer.freeze(m, "fcc"));
        assertTrue(e.getMessage().contains("'fcc' matches no module or parameter"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'fc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Freezer.unfreeze(m, "feature.*"));
        assertTrue(e.getMessage().contains("did you mean 'features.*'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Freezer.freeze(m));
        assertThrows(IllegalArgumentException.class, () -> Freezer.freeze(m, ""));
        assertTrue(trainable(m).size() == 10, "a failed call changes nothing");
    }

    @Test
    void countsTrainableParameters() {
        Net m = new Net();
        TrainableParameters all = Freezer.counts(m);
        long expected = 0;
        for (Parameter p : m.parameters()) {
            expected += p.numel();
        }
        assertEquals(expected, all.total());
        assertEquals(expected, all.trainable());
        Freezer.freezeAllExcept(m, BatchNormStats.UPDATING, "fc");
        TrainableParameters c = Freezer.counts(m);
        assertEquals(4 * 2 + 2, c.trainable());
        assertEquals(expected - 10, c.frozen());
        assertEquals(List.of("features", "fc"), new ArrayList<>(c.byChild().keySet()));
        assertEquals(10, c.byChild().get("fc")[1]);
        assertEquals(0, c.byChild().get("features")[1]);
        assertTrue(c.toString().contains("total"), c.toString());
    }

    @Test
    void frozenBatchNormStatisticsStayFrozenThroughTrainAndTraining() {
        Net m = new Net();
        Freezer.freezeAllExcept(m, BatchNormStats.LOCKED, "fc");
        m.train();
        BatchNorm2d bn = (BatchNorm2d) m.getSubmodule("features.1");
        assertFalse(bn.isTraining(), "locked BN stays in eval mode after model.train()");
        assertTrue(bn.isEvalLocked());
        assertTrue(m.getSubmodule("fc").isTraining());
        assertTrue(m.getSubmodule("features.0").isTraining(), "only BN modules are locked");
        Map<String, Tensor> before = snapshot(m);
        SGD opt = new SGD(m.parameters(), Map.of("lr", 0.5, "momentum", 0.9, "weight_decay", 1e-2));
        for (int i = 0; i < 3; i++) {
            try (TensorScope s = TensorScope.open()) {
                opt.zeroGrad();
                Tensor x = Torch.randn(4, 3, 8, 8);
                m.forward(x).pow(2).mean().backward();
                opt.step();
            }
        }
        Map<String, Tensor> after = m.stateDict();
        before.forEach((k, v) -> {
            if (k.startsWith("fc.")) {
                assertFalse(v.equal(after.get(k)), k + " trains");
            } else {
                assertTrue(v.equal(after.get(k)), k + " is bitwise unchanged");
            }
        });
        // unfreezing BN statistics unlocks them: the next train() lets them move again
        Freezer.unfreeze(m, "features.1");
        m.train();
        assertTrue(bn.isTraining());
        try (TensorScope s = TensorScope.open()) {
            m.forward(Torch.randn(4, 3, 8, 8));
        }
        assertFalse(before.get("features.1.running_mean").equal(bn.runningMean()), "statistics update again");
        assertTrue(before.get("features.4.running_mean").equal(m.stateDict().get("features.4.running_mean")));
    }

    @Test
    void freezingBatchNormParametersAloneLeavesStatisticsMoving() {
        Net m = new Net();
        Freezer.freeze(m, "*");
        m.train();
        BatchNorm2d bn = (BatchNorm2d) m.getSubmodule("features.1");
        Tensor before = bn.runningMean().clone();
        try (TensorScope s = TensorScope.open()) {
            m.forward(Torch.randn(4, 3, 8, 8));
        }
        assertFalse(before.equal(bn.runningMean()), "requires_grad=False alone does not freeze statistics (as PyTorch)");
        assertEquals(List.of("features.1", "features.4"), Freezer.freezeBatchNormStats(m, true, "features"));
        assertFalse(bn.isTraining());
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }
}
