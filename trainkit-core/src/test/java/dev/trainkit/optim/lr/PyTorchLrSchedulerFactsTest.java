package dev.trainkit.optim.lr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected values ported from PyTorch's own test/optim/test_lrscheduler.py (2.x). Each test
 * names the PyTorch test it ports. The optimizer is the one of that file's setUp: SGD with two
 * groups, lr 0.05 and 0.5 (targets of the second group are the first's times 10).
 */
class PyTorchLrSchedulerFactsTest {

    private static SimulatedOptimizer opt() {
        return SimulatedOptimizer.withGroups("SGD", 0.05, 0.5);
    }

    /** PyTorch's _test: check each group's lr against target(epoch), then step. */
    private static void check(SimulatedOptimizer opt, LRScheduler s, IntToDoubleFunction target, int epochs) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int g = 0; g < 2; g++) {
                double expected = target.applyAsDouble(epoch) * (g == 0 ? 1 : 10);
                assertEquals(expected, opt.paramGroups().get(g).lr(), 1e-12 + 1e-10 * Math.abs(expected),
                        "epoch " + epoch + " group " + g);
            }
            s.step();
        }
    }

    private static IntToDoubleFunction list(List<Double> values) {
        return values::get;
    }

    private static List<Double> repeat(double v, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(v);
        }
        return out;
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void test_step_lr() {
        SimulatedOptimizer o = opt();
        check(o, new StepLR(o, 3, 0.1), e -> 0.05 * Math.pow(0.1, e / 3), 10);
    }

    @Test
    void test_multi_step_lr() {
        SimulatedOptimizer o = opt();
        List<Double> t = concat(concat(repeat(0.05, 2), repeat(0.005, 3)), concat(repeat(0.0005, 4), repeat(0.00005, 3)));
        check(o, new MultiStepLR(o, List.of(2, 5, 9), 0.1), list(t), 10);
    }

    @Test
    void test_constantlr() {
        SimulatedOptimizer o = opt();
        check(o, new ConstantLR(o, 1.0 / 2, 5), e -> e < 5 ? 0.025 : 0.05, 10);
    }

    @Test
    void test_linearlr() {
        SimulatedOptimizer o = opt();
        double start = 1.0 / 2;
        int iters = 4;
        check(o, new LinearLR(o, start, 1.0, iters), e -> e < iters ? 0.05 * (start + e * (1 - start) / iters) : 0.05, 10);
    }

    @Test
    void test_get_last_lr_linearlr() {
        SimulatedOptimizer o = opt();
        double start = 1.0 / 4, end = 3.0 / 5;
        int iters = 4;
        LinearLR s = new LinearLR(o, start, end, iters);
        for (int e = 0; e < 10; e++) {
            double expected = e < iters ? 0.05 * (start + e * (end - start) / iters) : 0.05 * end;
            assertEquals(expected, s.getLastLr().get(0), 1e-12);
            assertEquals(expected * 10, s.getLastLr().get(1), 1e-11);
            s.step();
        }
    }

    @Test
    void test_linearlr_start_factor_limits() {
        SimulatedOptimizer o = opt();
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(o, 0.0, 1.0, 4));
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(o, 1.1, 1.0, 4));
    }

    @Test
    void test_exp_lr() {
        SimulatedOptimizer o = opt();
        check(o, new ExponentialLR(o, 0.9), e -> 0.05 * Math.pow(0.9, e), 10);
    }

    @Test
    void test_poly_lr() {
        SimulatedOptimizer o = opt();
        check(o, new PolynomialLR(o, 5, 0.9), e -> e < 5 ? Math.pow(1.0 - e / 5.0, 0.9) * 0.05 : 0.0, 10);
    }

    @Test
    void test_cos_anneal_lr() {
        SimulatedOptimizer o = opt();
        double etaMin = 1e-10;
        CosineAnnealingLR s = new CosineAnnealingLR(o, 10, etaMin);
        for (int e = 0; e < 10; e++) {
            for (int g = 0; g < 2; g++) {
                double base = g == 0 ? 0.05 : 0.5; // PyTorch's test writes x10 and relies on assertEqual's rtol
                double expected = etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / 10)) / 2;
                assertEquals(expected, o.paramGroups().get(g).lr(), 1e-12, "epoch " + e);
            }
            s.step();
        }
    }

    @Test
    void test_cos_anneal_lr_continue() {
        SimulatedOptimizer o = opt();
        CosineAnnealingLR s = new CosineAnnealingLR(o, 5, 0.1);
        s.step();
        List<Double> original = s.getLastLr();
        CosineAnnealingLR resumed = new CosineAnnealingLR(o, 5, 0.1, 0);
        assertEquals(original.get(0), resumed.getLastLr().get(0), 1e-5);
        assertEquals(original.get(1), resumed.getLastLr().get(1), 1e-5);
    }

    @Test
    void test_raise_error_when_last_epoch_is_greater_than_0_and_initial_lr_is_not_specified() {
        SimulatedOptimizer o = SimulatedOptimizer.withGroups("SGD", 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StepLR(o, 3, 0.1, 1));
        assertTrue(e.getMessage().contains("param 'initial_lr' is not specified in param_groups[0]"), e.getMessage());
    }

    /** PyTorch's _test_reduce_lr_on_plateau: step with metrics[epoch], then check. */
    private static void plateau(SimulatedOptimizer o, ReduceLROnPlateau s, List<Double> metrics, List<List<Double>> targets,
                                int epochs) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            s.step(metrics.get(epoch));
            for (int g = 0; g < targets.size(); g++) {
                assertEquals(targets.get(g).get(epoch), o.paramGroups().get(g).lr(), 1e-12, "epoch " + epoch);
            }
        }
    }

    private static SimulatedOptimizer half() {
        return SimulatedOptimizer.withGroups("SGD", 0.5, 0.5);
    }

    private static List<Double> metrics(int n, IntToDoubleFunction f) {
        List<Double> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add(f.applyAsDouble(i));
        }
        return m;
    }

    @Test
    void test_reduce_lr_on_plateau1() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "min", 0.1, 5, 0.01, "abs", 5, List.of(0.0), 1e-8),
                metrics(20, i -> 10 - i * 0.0167), List.of(repeat(0.5, 20)), 10);
    }

    @Test
    void test_reduce_lr_on_plateau2() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "min", 0.1, 5, 0.1, "abs", 0, List.of(0.0), 1e-8),
                metrics(22, i -> 10 - i * 0.0165),
                List.of(concat(concat(repeat(0.5, 6), repeat(0.05, 7)), concat(repeat(0.005, 7), repeat(0.0005, 2)))), 22);
    }

    @Test
    void test_reduce_lr_on_plateau3() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "max", 0.1, 5, 1e-4, "abs", 5, List.of(0.0), 1e-8),
                metrics(22, i -> i < 2 ? -0.8 : -0.234),
                List.of(concat(concat(repeat(0.5, 8), repeat(0.05, 11)), repeat(0.005, 4))), 22);
    }

    @Test
    void test_reduce_lr_on_plateau4() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "max", 0.1, 3, 0.1, "rel", 0, List.of(0.0), 1e-8),
                metrics(20, i -> 1.5 * Math.pow(1.025, i)), List.of(repeat(0.5, 20)), 20);
    }

    @Test
    void test_reduce_lr_on_plateau5() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "max", 0.1, 5, 0.1, "rel", 5, List.of(0.0), 1e-8),
                metrics(20, i -> 1.5 * Math.pow(1.005, i)),
                List.of(concat(concat(repeat(0.5, 6), repeat(0.05, 11)), repeat(0.005, 4))), 20);
    }

    @Test
    void test_reduce_lr_on_plateau6() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "min", 0.1, 10, 0.1, "rel", 0, List.of(0.0), 1e-8),
                metrics(20, i -> 1.5 * Math.pow(0.85, i)), List.of(repeat(0.5, 20)), 20);
    }

    @Test
    void test_reduce_lr_on_plateau7() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "min", 0.1, 5, 0.1, "rel", 5, List.of(0.0), 1e-8),
                metrics(20, i -> i < 7 ? 1 : i == 7 ? 0.6 : 0.5),
                List.of(concat(concat(repeat(0.5, 6), repeat(0.05, 11)), repeat(0.005, 4))), 20);
    }

    @Test
    void test_reduce_lr_on_plateau8() {
        SimulatedOptimizer o = half();
        plateau(o, new ReduceLROnPlateau(o, "max", 0.1, 5, 0.1, "rel", 5, List.of(0.4, 0.3), 1e-8),
                metrics(20, i -> 1.5 * Math.pow(1.005, i)),
                List.of(concat(repeat(0.5, 6), repeat(0.4, 14)), concat(repeat(0.5, 6), repeat(0.3, 14))), 20);
    }

    @Test
    void test_reduce_lr_on_plateau_get_last_lr_before_step() {
        SimulatedOptimizer o = half();
        assertEquals(List.of(0.5, 0.5), new ReduceLROnPlateau(o).getLastLr());
    }

    @Test
    void test_sequentiallr1() {
        SimulatedOptimizer o = opt();
        LRScheduler s = new SequentialLR(o, List.of(new ExponentialLR(o, 0.8), new StepLR(o, 4, 0.1)), List.of(3));
        List<Double> t = concat(List.of(0.05, 0.04, 0.032), concat(concat(repeat(0.05, 4), repeat(0.005, 4)),
                concat(repeat(0.0005, 4), repeat(0.00005, 4))));
        check(o, s, list(t), 19);
    }

    @Test
    void test_sequentiallr2() {
        SimulatedOptimizer o = opt();
        LRScheduler s = new SequentialLR(o, List.of(new ConstantLR(o, 0.1, 3), new ExponentialLR(o, 0.9)), List.of(3));
        check(o, s, e -> e < 3 ? 0.005 : 0.05 * Math.pow(0.9, e - 3), 13);
    }

    @Test
    void test_sequentiallr3() {
        SimulatedOptimizer o = opt();
        LRScheduler s = new SequentialLR(o, List.of(new ConstantLR(o, 0.1, 3), new ExponentialLR(o, 0.8),
                new StepLR(o, 2, 0.1)), List.of(3, 6));
        List<Double> t = List.of(0.005, 0.005, 0.005, 0.05, 0.04, 0.032, 0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005);
        check(o, s, list(t), 12);
    }

    @Test
    void test_sequentiallr4() {
        SimulatedOptimizer o = SimulatedOptimizer.withGroups("SGD", 0.1);
        new SequentialLR(o, List.of(new ConstantLR(o, 1.0, 5), new ConstantLR(o, 0.1, 5)), List.of(10));
        assertEquals(0.1, o.paramGroups().get(0).lr(), "multiple schedulers do not affect the initial lr");
    }

    /** PyTorch 2.x only: SequentialLR undoes the construction steps of a nested ChainedScheduler recursively. */
    @Test
    void test_sequentiallr5() {
        SimulatedOptimizer o = opt();
        ConstantLR constant = new ConstantLR(o, 0.1, 5);
        LinearLR linear = new LinearLR(o, 0.1, 1.0, 5);
        ChainedScheduler chained = new ChainedScheduler(List.of(linear, constant));
        LRScheduler s = new SequentialLR(o, List.of(chained, new ConstantLR(o, 0.5, 5)), List.of(5));
        List<Double> t = List.of(0.0005, 0.0014, 0.0023, 0.0032, 0.0041, 0.025, 0.025, 0.025, 0.025, 0.025);
        check(o, s, list(t), 10);
    }

    /** PyTorch's docstring of ChainedScheduler (lr 0.05): 0.05, 0.045, 0.0405, ..., 0.00675 at 19, 0.06078 at 20. */
    @Test
    void chainedSchedulerDocstring() {
        SimulatedOptimizer o = SimulatedOptimizer.withGroups("SGD", 0.05);
        // PyTorch's docstring example uses ConstantLR(factor=0.1, total_iters=2) with these printed values
        LRScheduler s = new ChainedScheduler(List.of(new ConstantLR(o, 0.1, 2), new ExponentialLR(o, 0.9)));
        for (int e = 0; e < 5; e++) {
            double expected = 0.05 * Math.pow(0.9, e) * (e < 2 ? 0.1 : 1.0);
            assertEquals(expected, o.paramGroups().get(0).lr(), 1e-12, "epoch " + e);
            s.step();
        }
    }
}
