package dev.trainkit.optim.lr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** WarmupLR's documented semantics, checked against an independent run of the wrapped scheduler. */
class WarmupLRTest {

    private static List<Double> run(String spec, int steps) {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
        LRScheduler s = Schedulers.create(spec, o);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(o.paramGroups().get(0).lr());
            s.step();
        }
        return out;
    }

    @Test
    void interpolatesFromInitToTheWrappedScheduleThenFollowsIt() {
        int warmup = 5;
        double init = 1e-4;
        List<Double> wrapped = run("CosineAnnealingLR(T_max=20, eta_min=0.001)", 30);
        List<Double> warmed = run("WarmupLR(scheduler=CosineAnnealingLR(T_max=20, eta_min=0.001), warmup_t=5, "
                + "warmup_lr_init=0.0001)", 30);
        for (int t = 0; t < 30; t++) {
            double expected = t < warmup ? init + ((double) t / warmup) * (wrapped.get(t) - init) : wrapped.get(t);
            assertEquals(expected, warmed.get(t), 1e-15, "step " + t);
        }
        assertEquals(init, warmed.get(0), 0.0, "step 0 uses warmup_lr_init");
    }

    @Test
    void constantWrappedScheduleIsTimmsLinearWarmup() {
        List<Double> warmed = run("WarmupLR(scheduler=ConstantLR(factor=1.0), warmup_t=4, warmup_lr_init=0)", 8);
        for (int t = 0; t < 8; t++) {
            assertEquals(Math.min(t, 4) / 4.0 * 0.1, warmed.get(t), 1e-15, "step " + t);
        }
    }

    @Test
    void zeroWarmupIsTheWrappedScheduler() {
        assertEquals(run("StepLR(step_size=2, gamma=0.5)", 10),
                run("WarmupLR(scheduler=StepLR(step_size=2, gamma=0.5), warmup_t=0)", 10));
    }
}
