package dev.trainkit.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WarmupLR around ReduceLROnPlateau (timm's plateau warmup) and the 1% default start. */
class WarmupPlateauTest {
    private static final double[] METRICS = {5, 4, 3, 2, 2.5, 2.5, 2.5, 2.4, 2.6, 1.0, 1.1, 1.2, 1.3, 1.4};

    private static List<Double> warmed(String spec, double lr) {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD(momentum=0.9)", lr);
        MetricScheduler s = (MetricScheduler) Schedulers.create(spec, o);
        List<Double> out = new ArrayList<>();
        for (double m : METRICS) {
            out.add(o.paramGroups().get(0).lr());
            s.step(m);
        }
        return out;
    }

    @Test
    void warmupThenAPlateauSchedulerFromTheBaseLrThatSeesOnlyLaterMetrics() {
        int w = 3;
        double base = 0.1;
        double init = 0.002;
        List<Double> got = warmed("WarmupLR(scheduler=ReduceLROnPlateau(factor=0.5, patience=1), warmup_t=3, "
                + "warmup_lr_init=0.002)", base);
        // independent: the warmup line, then a fresh plateau scheduler fed metrics[W:]
        SimulatedOptimizer ref = SimulatedOptimizer.create("SGD(momentum=0.9)", base);
        ReduceLROnPlateau p = new ReduceLROnPlateau(ref, "min", 0.5, 1, 1e-4, "rel", 0, List.of(0.0), 1e-8);
        for (int t = 0; t < METRICS.length; t++) {
            double expected = t < w ? init + t * (base - init) / w : ref.paramGroups().get(0).lr();
            assertEquals(expected, got.get(t), 1e-15, "step " + t);
            if (t >= w) {
                p.step(METRICS[t]);
            }
        }
        assertTrue(got.get(METRICS.length - 1) < base, "the plateau scheduler reduced the lr");
    }

    @Test
    void warmupStartsAtOnePercentOfTheBaseLrByDefault() {
        List<Double> got = warmed("WarmupLR(scheduler=ReduceLROnPlateau(), warmup_t=4)", 0.2);
        assertEquals(0.002, got.get(0), 1e-15);
        assertEquals(0.002 + 2 * (0.2 - 0.002) / 4, got.get(2), 1e-15);
        assertEquals(0.2, got.get(4), 1e-15);
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.5);
        WarmupLR s = new WarmupLR(o, new CosineAnnealingLR(o, 10), 5);
        assertEquals(List.of(0.005), s.warmupLrInits());
        assertEquals(0.005, o.paramGroups().get(0).lr(), 1e-15);
    }

    @Test
    void steppingTheWrongWayIsAClearError() {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.1);
        WarmupLR plateau = (WarmupLR) Schedulers.create("WarmupLR(scheduler=ReduceLROnPlateau(), warmup_t=2)", o);
        IllegalStateException e = assertThrows(IllegalStateException.class, plateau::step);
        assertTrue(e.getMessage().contains("step(metric)"), e.getMessage());
        WarmupLR cos = (WarmupLR) Schedulers.create("WarmupLR(scheduler=StepLR(2), warmup_t=2)",
                SimulatedOptimizer.create("SGD", 0.1));
        e = assertThrows(IllegalStateException.class, () -> cos.step(1.0));
        assertTrue(e.getMessage().contains("takes no metric"), e.getMessage());
    }

    @Test
    void sequentialAndChainedStillRefuseAPlateauEvenInsideAWarmup() {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedulers.create(
                "SequentialLR(schedulers=[LinearLR(), WarmupLR(scheduler=ReduceLROnPlateau())], milestones=[3])", o));
        assertTrue(e.getMessage().contains("WarmupLR(scheduler=ReduceLROnPlateau(...))"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("ChainedScheduler(schedulers=[ReduceLROnPlateau()])", o));
    }

    @Test
    void stateDictResumesAPlateauWarmupExactly() {
        String spec = "WarmupLR(scheduler=ReduceLROnPlateau(factor=0.5, patience=1), warmup_t=3)";
        List<Double> expected = warmed(spec, 0.1);
        SimulatedOptimizer first = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
        MetricScheduler a = (MetricScheduler) Schedulers.create(spec, first);
        for (int t = 0; t < 6; t++) {
            a.step(METRICS[t]);
        }
        SimulatedOptimizer second = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
        LRScheduler b = Schedulers.create(spec, second);
        first.paramGroups().get(0).options().forEach(second.paramGroups().get(0)::set);
        b.loadStateDict(((LRScheduler) a).stateDict());
        for (int t = 6; t < METRICS.length; t++) {
            assertEquals(expected.get(t), second.paramGroups().get(0).lr(), 1e-15, "step " + t);
            ((MetricScheduler) b).step(METRICS[t]);
        }
    }
}
