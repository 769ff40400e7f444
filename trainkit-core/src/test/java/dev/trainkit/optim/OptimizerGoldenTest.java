package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every golden case of tools/golden/gen_optimizers.py: two param groups with different
 * options, 20 steps of recorded gradients (one parameter without gradient for the first 3
 * steps), option changes between steps made through {@code paramGroups()} as a scheduler would,
 * each step inside its own TensorScope; parameters are compared after every step.
 *
 * <p>The goldens come from PyTorch 1.13 in float64. TrainKit follows PyTorch 2.x where the two
 * differ: Adam/AdamW's first moment and RMSprop's centered average use {@code lerp_} (1.13:
 * {@code mul_().add_()}), a difference of rounding only, far below the tolerance in float64;
 * SGD's default lr is 1e-3 (1.13: required), which no case relies on.
 */
class OptimizerGoldenTest {

    @TestFactory
    Stream<DynamicTest> replaysPyTorchTrajectories() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad")) {
            JsonNode root = Goldens.load(file + ".json");
            for (JsonNode c : root.get("cases")) {
                tests.add(DynamicTest.dynamicTest(file + "/" + c.get("name").asText(), () -> replay(file, c)));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    static Optimizer build(String name, JsonNode c, List<Tensor> params) {
        List<ParamGroupSpec> groups = new ArrayList<>();
        for (JsonNode g : c.get("groups")) {
            List<Tensor> ps = new ArrayList<>();
            for (JsonNode i : g.get("params")) {
                ps.add(params.get(i.asInt()));
            }
            groups.add(ParamGroupSpec.of(ps).with(Goldens.options(g.get("options"))));
        }
        return Optimizers.create(name, Goldens.options(c.get("kwargs")), groups);
    }

    static void setGrads(JsonNode c, int step, List<Tensor> params) {
        JsonNode row = c.get("grads").get(step);
        for (int i = 0; i < params.size(); i++) {
            JsonNode g = row.get(i);
            params.get(i).setGrad(g.isNull() ? null
                    : Torch.tensor(Goldens.doubles(g), Goldens.longs(c.get("shapes").get(i))));
        }
    }

    static void applyChanges(JsonNode c, int step, Optimizer opt) {
        for (JsonNode ch : c.get("changes")) {
            if (ch.get("step").asInt() == step) {
                ParamGroup<Tensor> g = opt.paramGroups().get(ch.get("group").asInt());
                if (ch.get("key").asText().equals("lr")) {
                    g.setLr(ch.get("value").asDouble()); // as an LR scheduler does
                } else {
                    g.set(ch.get("key").asText(), Goldens.value(ch.get("value")));
                }
            }
        }
    }

    private static void replay(String name, JsonNode c) {
        List<Tensor> params = Goldens.params(c);
        Optimizer opt = build(name, c, params);
        int steps = c.get("after").size();
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                applyChanges(c, step, opt);
                setGrads(c, step, params);
                opt.step();
            }
            for (int i = 0; i < params.size(); i++) {
                Goldens.assertClose(c.get("after").get(step).get(i), params.get(i).toDoubleArray(),
                        "step " + step + " param " + i);
            }
        }
        JsonNode finals = c.get("final_group_options");
        for (int gi = 0; gi < finals.size(); gi++) {
            Map<String, Object> expected = Goldens.options(finals.get(gi));
            Map<String, Object> actual = opt.paramGroups().get(gi).options();
            assertEquals(expected.keySet(), actual.keySet(), "group " + gi + " option names");
            for (String k : expected.keySet()) {
                Object e = expected.get(k);
                Object a = actual.get(k);
                if (e instanceof double[] ea) {
                    assertArrayEquals(ea, (double[]) a, 0.0, "group " + gi + " " + k);
                } else {
                    assertEquals(e, a, "group " + gi + " " + k);
                }
            }
        }
    }
}
