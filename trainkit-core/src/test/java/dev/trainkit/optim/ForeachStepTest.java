package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The multi-tensor step ({@code foreach=True}) of SGD, Adam and AdamW: the PyTorch goldens, and
 * bitwise the same numbers as the per-tensor path.
 */
class ForeachStepTest {

    /** Every SGD/Adam/AdamW golden case with foreach=True in the optimizer's keyword options. */
    @TestFactory
    Stream<DynamicTest> goldensWithForeach() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("sgd", "adam", "adamw")) {
            for (JsonNode c : Goldens.load(file + ".json").get("cases")) {
                tests.add(DynamicTest.dynamicTest(file + "/" + c.get("name").asText(), () -> {
                    List<Tensor> params = Goldens.params(c);
                    Optimizer opt = OptimizerGoldenTest.build(file, c, params);
                    opt.paramGroups().forEach(g -> g.set("foreach", true));
                    for (int step = 0; step < 20; step++) {
                        try (TensorScope scope = TensorScope.open()) {
                            OptimizerGoldenTest.applyChanges(c, step, opt);
                            OptimizerGoldenTest.setGrads(c, step, params);
                            opt.step();
                        }
                        for (int i = 0; i < params.size(); i++) {
                            Goldens.assertClose(c.get("after").get(step).get(i), params.get(i).toDoubleArray(),
                                    "step " + step + " param " + i);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static List<Tensor> params(long seed) {
        Torch.manualSeed(seed);
        List<Tensor> ps = new ArrayList<>();
        ps.add(Torch.randn(4, 3).requiresGrad_(true));
        ps.add(Torch.randn(DType.FLOAT64, 5).requiresGrad_(true)); // a second dtype: a second bucket
        ps.add(Torch.randn(2, 2, 3).requiresGrad_(true));
        ps.add(Torch.randn(7).requiresGrad_(true));
        return ps;
    }

    private static void grads(List<Tensor> ps, int step) {
        Torch.manualSeed(1000 + step);
        for (Tensor p : ps) {
            p.setGrad(Torch.randn(p.shape()).to(p.dtype()).mul(1 + step % 3));
        }
    }

    private static Optimizer create(String spec, List<Tensor> ps, boolean foreach) {
        Optimizer o = Optimizers.create(spec, List.of(ParamGroupSpec.of(ps.subList(0, 3)), ParamGroupSpec.of(ps.subList(3, 4))
                .with("lr", 0.02)));
        o.paramGroups().forEach(g -> g.set("foreach", foreach));
        return o;
    }

    @Test
    void sameNumbersAsPerTensorBitwise() {
        for (String spec : List.of("SGD(lr=0.1, momentum=0.9)", "SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)",
                "SGD(lr=0.05, momentum=0.8, nesterov=True, maximize=True)", "Adam(lr=0.01)",
                "Adam(lr=0.01, weight_decay=0.1, amsgrad=True)", "Adam(lr=0.01, maximize=True, betas=(0.8, 0.9))",
                "AdamW(lr=0.01)", "AdamW(lr=0.01, weight_decay=0.3, amsgrad=True)")) {
            List<Tensor> a = params(7);
            List<Tensor> b = params(7);
            Optimizer single = create(spec, a, false);
            Optimizer multi = create(spec, b, true);
            for (int step = 0; step < 8; step++) {
                try (TensorScope scope = TensorScope.open()) {
                    grads(a, step);
                    grads(b, step);
                    single.step();
                    multi.step();
                }
                if (step == 3) {
                    // resume through a state dict: the loaded (separate) tensors are copied into the buffers
                    Optimizer again = create(spec, b, true);
                    again.loadStateDict(multi.stateDict());
                    multi = again;
                }
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), spec + " step " + step + " p" + i);
                }
            }
            Map<String, Object> sa = stateOf(single, 0);
            Map<String, Object> sb = stateOf(multi, 0);
            assertEquals(sa.keySet(), sb.keySet(), spec + ": PyTorch's state keys");
            for (String k : sa.keySet()) {
                assertArrayEquals(((Tensor) sa.get(k)).toDoubleArray(), ((Tensor) sb.get(k)).toDoubleArray(), spec + " " + k);
                assertArrayEquals(((Tensor) sa.get(k)).shape(), ((Tensor) sb.get(k)).shape(), spec + " " + k + " shape");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateOf(Optimizer o, int index) {
        return ((Map<Integer, Map<String, Object>>) o.stateDict().get("state")).get(index);
    }

    @Test
    void stateEntriesAreViewsOfOneBuffer() {
        List<Tensor> ps = params(3);
        Optimizer o = create("Adam(lr=0.01, foreach=True)", ps, true);
        try (TensorScope scope = TensorScope.open()) {
            grads(ps, 0);
            o.step();
        }
        Map<String, Object> s0 = stateOf(o, 0);
        Map<String, Object> s2 = stateOf(o, 2);
        Tensor e0 = (Tensor) s0.get("exp_avg");
        Tensor e2 = (Tensor) s2.get("exp_avg");
        assertArrayEquals(new long[] {4, 3}, e0.shape());
        assertArrayEquals(new long[] {2, 2, 3}, e2.shape());
        // p0 (12 float32 numbers) and p2 share one float32 buffer (p1, float64, has its own bucket)
        long a0 = NativeInterop.handle(e0).data_ptr().address();
        long a2 = NativeInterop.handle(e2).data_ptr().address();
        assertEquals(12 * 4, a2 - a0, "p2's exp_avg follows p0's in one buffer");
        assertEquals(1.0, ((Tensor) s0.get("step")).item());
        assertEquals(0, ((Tensor) s0.get("step")).dim(), "step is a 0-dim tensor, as PyTorch");
    }

    @Test
    void aParameterWithoutGradientFallsBackToPerTensor() {
        List<Tensor> a = params(5);
        List<Tensor> b = params(5);
        Optimizer single = create("AdamW(lr=0.01)", a, false);
        Optimizer multi = create("AdamW(lr=0.01)", b, true);
        try (TensorScope scope = TensorScope.open()) {
            grads(a, 0);
            grads(b, 0);
            a.get(2).setGrad(null);
            b.get(2).setGrad(null);
            single.step();
            multi.step();
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), "p" + i);
        }
        assertTrue(stateOf(multi, 2) == null, "no gradient, no state, as PyTorch");
        Optimizer defaults = Optimizers.create("SGD(momentum=0.9)", List.of(Torch.zeros(2).requiresGrad_(true)));
        assertSame(null, defaults.paramGroups().get(0).get("foreach"), "foreach=None is not stored in the group");
        Map<String, Object> kw = new HashMap<>();
        kw.put("foreach", null);
        assertEquals(false, Optimizers.create("SGD", kw, List.of(Torch.zeros(2).requiresGrad_(true)))
                .paramGroups().get(0).has("foreach"));
    }
}
