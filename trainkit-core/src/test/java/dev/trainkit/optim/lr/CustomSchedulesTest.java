package dev.trainkit.optim.lr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom schedules three ways (a lambda, a subclass, setting the lr by hand), CyclicLR on Adam's
 * betas, and state-dict round trips through JSON.
 */
class CustomSchedulesTest {

    /** A user-defined scheduler: linear warmup then inverse square root decay (the Transformer schedule). */
    static final class WarmupInverseSqrt extends LRScheduler {
        private final int warmup;

        WarmupInverseSqrt(HasParamGroups optimizer, int warmup) {
            super(optimizer, -1);
            this.warmup = warmup;
            initialStep();
        }

        @Override
        protected List<Double> getLr() {
            double step = lastEpoch() + 1.0;
            double factor = Math.min(step / warmup, Math.sqrt(warmup / step));
            List<Double> out = new ArrayList<>();
            for (double b : baseLrs()) {
                out.add(b * factor);
            }
            return out;
        }
    }

    @Test
    void subclassOverridingGetLr() {
        SimulatedOptimizer o = SimulatedOptimizer.withGroups("Adam", 1e-3, 2e-3);
        WarmupInverseSqrt s = new WarmupInverseSqrt(o, 4);
        for (int t = 0; t < 12; t++) {
            double f = Math.min((t + 1.0) / 4, Math.sqrt(4 / (t + 1.0)));
            assertEquals(1e-3 * f, o.paramGroups().get(0).lr(), 1e-18);
            assertEquals(2e-3 * f, o.paramGroups().get(1).lr(), 1e-18);
            assertEquals(List.of(1e-3 * f, 2e-3 * f), s.getLastLr());
            s.step();
        }
    }

    @Test
    void javaLambdaEqualsTheSpecExpression() {
        SimulatedOptimizer a = SimulatedOptimizer.create("SGD", 0.1);
        SimulatedOptimizer b = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler java = new LambdaLR(a, epoch -> Math.pow(0.95, epoch) * (epoch < 3 ? (epoch + 1) / 3.0 : 1));
        LRScheduler spec = Schedulers.create("LambdaLR(lr_lambda='0.95 ** epoch * min(1, (epoch + 1) / 3)')", b);
        for (int i = 0; i < 20; i++) {
            assertEquals(a.paramGroups().get(0).lr(), b.paramGroups().get(0).lr(), 1e-16, "step " + i);
            java.step();
            spec.step();
        }
    }

    /** The book's adjust_learning_rate: lr = lr0 * 0.1 ** (epoch // 30), set on the group directly. */
    @Test
    void settingTheGroupLrEachEpoch() {
        SimulatedOptimizer manual = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
        SimulatedOptimizer viaStepLR = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
        LRScheduler step = new StepLR(viaStepLR, 30, 0.1);
        double lr0 = 0.1;
        for (int epoch = 0; epoch < 100; epoch++) {
            for (ParamGroup<?> g : manual.paramGroups()) { // adjust_learning_rate(optimizer, epoch)
                g.setLr(lr0 * Math.pow(0.1, epoch / 30));
            }
            assertEquals(manual.paramGroups().get(0).lr(), viaStepLR.paramGroups().get(0).lr(),
                    1e-12 * manual.paramGroups().get(0).lr(), "epoch " + epoch);
            step.step();
        }
    }

    /** PyTorch 2.x cycles Adam's betas[0] exactly as SGD's momentum (1.13 refused Adam, hence no golden). */
    @Test
    void cyclicLrCyclesAdamBeta1LikeMomentum() {
        SimulatedOptimizer adam = SimulatedOptimizer.create("Adam(betas=(0.95, 0.98))", 0.001);
        SimulatedOptimizer sgd = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.001);
        String spec = "CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=3, mode='triangular2')";
        LRScheduler a = Schedulers.create(spec, adam);
        LRScheduler b = Schedulers.create(spec, sgd);
        for (int i = 0; i < 20; i++) {
            assertEquals(sgd.paramGroups().get(0).getDouble("momentum"), adam.paramGroups().get(0).getDoubles("betas")[0], 0.0);
            assertEquals(0.98, adam.paramGroups().get(0).getDoubles("betas")[1], 0.0, "beta2 untouched");
            assertEquals(sgd.paramGroups().get(0).lr(), adam.paramGroups().get(0).lr(), 0.0);
            a.step();
            b.step();
        }
        assertTrue(adam.paramGroups().get(0).has("max_momentum") && adam.paramGroups().get(0).has("base_momentum"));
    }

    @Test
    void stateDictIsPlainDataAndResumesIdentically() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // a wrapper around a chain: nested state dicts all the way down
        String spec = "WarmupLR(scheduler=ChainedScheduler(schedulers=[CosineAnnealingLR(T_max=6), MultiStepLR(milestones=[4, 7])]), "
                + "warmup_t=3, warmup_lr_init=0.001)";
        SimulatedOptimizer ref = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler r = Schedulers.create(spec, ref);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            expected.add(ref.paramGroups().get(0).lr());
            r.step();
        }
        SimulatedOptimizer first = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler s = Schedulers.create(spec, first);
        for (int i = 0; i < 6; i++) {
            s.step();
        }
        String saved = json.writeValueAsString(s.stateDict());
        Map<String, Object> groupOptions = Map.copyOf(first.paramGroups().get(0).options());
        SimulatedOptimizer second = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler t = Schedulers.create(spec, second);
        groupOptions.forEach(second.paramGroups().get(0)::set);
        t.loadStateDict(json.readValue(saved, new TypeReference<Map<String, Object>>() {
        }));
        for (int i = 6; i < 15; i++) {
            assertEquals(expected.get(i), second.paramGroups().get(0).lr(), 1e-15, "step " + i);
            t.step();
        }
    }

    @Test
    void plateauStateSurvivesJsonWithInfiniteBest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.1);
        ReduceLROnPlateau s = new ReduceLROnPlateau(o);
        String saved = json.writeValueAsString(s.stateDict());
        ReduceLROnPlateau t = new ReduceLROnPlateau(SimulatedOptimizer.create("SGD", 0.1), "max", 0.5, 1, 0.0, "abs", 0,
                List.of(0.0), 1e-8);
        t.loadStateDict(json.readValue(saved, new TypeReference<Map<String, Object>>() {
        }));
        assertEquals(Double.POSITIVE_INFINITY, t.best());
        t.step(5.0);
        assertEquals(5.0, t.best(), "min mode restored from the state");
    }
}
