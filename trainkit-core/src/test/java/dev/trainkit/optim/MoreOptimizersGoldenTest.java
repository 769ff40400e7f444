package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays tools/golden/gen_optimizers_more.py (PyTorch 1.13, plus 2.x's maximize and
 * decoupled_weight_decay for NAdam/RAdam built from 2.x's formulas, see the generator) and
 * tools/golden/gen_optimizers_timm.py (Lion, Lamb and Lars, references written from timm's source): two
 * param groups, 20 steps, float64 and float32, parameters compared after every step; the state
 * keys of the first parameter must be PyTorch's.
 */
class MoreOptimizersGoldenTest {
    /** float32: PyTorch 2.x's lerp_ (1.13: mul_().add_()) rounds differently in the last bit. */
    private static final double RTOL_FLOAT32 = 1e-6;
    private static final double ATOL_FLOAT32 = 1e-7;

    static final List<String> FILES = List.of("nadam", "radam", "adamax", "adadelta", "asgd", "rprop", "adafactor", "lion", "lamb", "lars");

    @TestFactory
    Stream<DynamicTest> replaysPyTorchTrajectories() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            for (JsonNode c : Goldens.load("more/" + file + ".json").get("cases")) {
                tests.add(DynamicTest.dynamicTest(file + "/" + c.get("name").asText(), () -> replay(file, c)));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    static DType dtype(JsonNode c) {
        return c.get("dtype").asText().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
    }

    static List<Tensor> params(JsonNode c) {
        List<Tensor> ps = new ArrayList<>();
        for (Tensor p : Goldens.params(c)) {
            ps.add(p.detach().to(dtype(c)).requiresGrad_(true));
        }
        return ps;
    }

    private static void replay(String file, JsonNode c) {
        List<Tensor> params = params(c);
        Optimizer opt = OptimizerGoldenTest.build(file, c, params);
        DType dt = dtype(c);
        for (int step = 0; step < c.get("after").size(); step++) {
            try (TensorScope scope = TensorScope.open()) {
                OptimizerGoldenTest.applyChanges(c, step, opt);
                OptimizerGoldenTest.setGrads(c, step, params);
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.setGrad(p.grad().to(dt));
                    }
                }
                opt.step();
            }
            for (int i = 0; i < params.size(); i++) {
                String what = "step " + step + " param " + i;
                if (dt == DType.FLOAT64) {
                    Goldens.assertClose(c.get("after").get(step).get(i), params.get(i).toDoubleArray(), what);
                } else {
                    assertClose32(c.get("after").get(step).get(i), params.get(i).toDoubleArray(), what);
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) opt.stateDict().get("state");
        List<String> expectedKeys = new ArrayList<>();
        c.get("state_keys").forEach(k -> expectedKeys.add(k.asText()));
        assertEquals(expectedKeys, new ArrayList<>(new TreeSet<>(state.get(0).keySet())), "state keys (PyTorch's)");
        for (int gi = 0; gi < c.get("group_lrs").size(); gi++) {
            assertEquals(c.get("group_lrs").get(gi).asDouble(), opt.paramGroups().get(gi).lr(), "group " + gi + " lr");
        }
    }

    private static void assertClose32(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + ": length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            if (!(Math.abs(actual[i] - e) <= RTOL_FLOAT32 * Math.abs(e) + ATOL_FLOAT32)) {
                fail(what + "[" + i + "]: expected " + e + " (PyTorch, float32), got " + actual[i]);
            }
        }
    }
}
