package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.nn.Embedding;
import dev.trainkit.nn.Linear;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Sparse gradients from {@code Embedding(..., sparse=true)}: SparseAdam, Adagrad and SGD replay
 * tools/golden/gen_sparse_optim.py (PyTorch 1.13: two embeddings in two groups, 20 steps, float64
 * and float32, 1e-6 relative), and the other optimizers refuse them with PyTorch's messages.
 */
class SparseGradientsTest {
    @TestFactory
    Stream<DynamicTest> replaysPyTorchTrajectories() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Goldens.load("sparse.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static void replay(JsonNode c) {
        DType dt = c.get("dtype").asText().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        List<Embedding> embs = new ArrayList<>();
        List<ParamGroupSpec> groups = new ArrayList<>();
        for (int i = 0; i < c.get("shapes").size(); i++) {
            long[] shape = Goldens.longs(c.get("shapes").get(i));
            Embedding e = new Embedding(shape[0], shape[1], null, true);
            e.to(dt);
            try (NoGrad ng = NoGrad.enter()) {
                e.weight.copy_(Torch.tensor(Goldens.doubles(c.get("init").get(i)), shape));
            }
            embs.add(e);
            groups.add(ParamGroupSpec.of(e.weight).with(Goldens.options(c.get("groups").get(i))));
        }
        Optimizer opt = Optimizers.create(c.get("optimizer").asText(), Goldens.options(c.get("defaults")), groups);
        for (int step = 0; step < c.get("after").size(); step++) {
            try (TensorScope scope = TensorScope.open()) {
                opt.zeroGrad();
                Tensor loss = null;
                for (int i = 0; i < embs.size(); i++) {
                    JsonNode idx = c.get("lookups").get(step).get(i);
                    if (idx.isNull()) {
                        continue;
                    }
                    long dim = embs.get(i).weight.size(1);
                    Tensor out = embs.get(i).forward(Torch.tensor(Goldens.longs(idx), idx.size()));
                    Tensor target = Torch.tensor(Goldens.doubles(c.get("targets").get(i)), idx.size(), dim).to(dt);
                    Tensor w = Torch.tensor(Goldens.doubles(c.get("weights").get(i)), idx.size(), dim).to(dt);
                    Tensor term = w.mul(out.sub(target).pow(2)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                loss.backward();
                for (Embedding e : embs) {
                    assertTrue(e.weight.grad() == null || SparseGrads.isSparse(e.weight.grad()), "sparse gradient");
                }
                opt.step();
            }
            for (int i = 0; i < embs.size(); i++) {
                assertClose(c.get("after").get(step).get(i), embs.get(i).weight.toDoubleArray(),
                        c.get("name").asText() + " step " + step + " embedding " + i, dt);
            }
        }
    }

    private static void assertClose(JsonNode expected, double[] actual, String what, DType dt) {
        double atol = dt == DType.FLOAT32 ? 1e-7 : Goldens.ATOL;
        assertEquals(expected.size(), actual.length, what + ": length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            if (!(Math.abs(actual[i] - e) <= Goldens.RTOL * Math.abs(e) + atol)) {
                fail(what + "[" + i + "]: expected " + e + " (PyTorch), got " + actual[i]);
            }
        }
    }

    /** A sparse gradient on the rows 1, 3, 3 of a 5x2 embedding. */
    private static Embedding sparseStep() {
        Embedding e = new Embedding(5, 2, null, true);
        e.forward(Torch.tensor(new long[] {1, 3, 3}, 3)).sum().backward();
        return e;
    }

    private static void assertRefused(String message, Optimizer opt, Tensor p) {
        Tensor before = p.detach().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, opt::step);
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(p.equal(before), "nothing is changed by a refused step");
    }

    @Test
    void denseOptimizersRefuseSparseGradientsWithPyTorchsMessages() {
        Embedding e = sparseStep();
        assertRefused("Adam does not support sparse gradients, please consider SparseAdam instead",
                new Adam(e.parameters(), 0.1), e.weight);
        assertRefused("AdamW does not support sparse gradients (", new AdamW(e.parameters(), 0.1), e.weight);
        for (String name : List.of("RMSprop", "NAdam", "RAdam", "Adamax", "Adadelta", "ASGD", "Rprop", "Lion", "Lamb")) {
            assertRefused(name + " does not support sparse gradients",
                    Optimizers.create(name, Map.of(), e.parameters()), e.weight);
        }
    }

    @Test
    void sparseAdamRefusesDenseGradientsAndBadOptions() {
        Linear dense = new Linear(2, 2);
        dense.forward(Torch.ones(1, 2)).sum().backward();
        Optimizer opt = new SparseAdam(dense.parameters(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, opt::step);
        assertTrue(e.getMessage().contains("SparseAdam does not support dense gradients, please consider Adam instead"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseAdam(dense.parameters(), Map.of("lr", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new SparseAdam(dense.parameters(), Map.of("eps", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.parse("SparseAdam(lr=-1)"));
        assertEquals(0.01, Optimizers.parse("SparseAdam(lr=0.01)").options().get("lr"));
    }

    @Test
    void adagradRefusesWeightDecayWithSparseGradients() {
        Embedding e = sparseStep();
        Optimizer opt = new Adagrad(e.parameters(), Map.of("weight_decay", 0.1));
        assertRefusedStep("weight_decay option is not compatible with sparse gradients", opt);
    }

    private static void assertRefusedStep(String message, Optimizer opt) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, opt::step);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void sparseAdamUpdatesOnlyTheLookedUpRowsAndKeepsPyTorchsStateKeys() {
        Embedding e = sparseStep();
        Tensor before = e.weight.detach().clone();
        Optimizer opt = new SparseAdam(e.parameters(), Map.of("lr", 0.1));
        opt.step();
        Tensor changed = e.weight.detach().sub(before).abs().sum(1, false).gt(0.0);
        assertEquals(List.of(false, true, false, true, false),
                java.util.Arrays.stream(changed.toLongArray()).mapToObj(v -> v != 0).toList());
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> st = (Map<Integer, Map<String, Object>>) opt.stateDict().get("state");
        assertEquals(List.of("step", "exp_avg", "exp_avg_sq"), new ArrayList<>(st.get(0).keySet()));
        assertEquals(1L, st.get(0).get("step"));
    }
}
