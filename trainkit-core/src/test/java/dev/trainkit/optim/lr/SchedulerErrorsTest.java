package dev.trainkit.optim.lr;

import dev.trainkit.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid arguments: each scheduler refuses what PyTorch refuses, with a message naming the argument. */
class SchedulerErrorsTest {

    private static SimulatedOptimizer sgd() {
        return SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "StepLR(step_size=-1)|step_size",
            "StepLR(step_size=0)|step_size",
            "StepLR()|missing required argument 'step_size'",
            "StepLR(step_size=1.5)|expected an integer, got 1.5",
            "MultiStepLR(milestones=[1.5])|milestones",
            "MultiStepLR()|missing required argument 'milestones'",
            "ConstantLR(factor=1.5)|factor",
            "ConstantLR(factor=-0.1)|factor",
            "ConstantLR(total_iters=-1)|total_iters",
            "LinearLR(start_factor=0)|start_factor",
            "LinearLR(start_factor=1.1)|start_factor",
            "LinearLR(end_factor=1.5)|end_factor",
            "ExponentialLR()|missing required argument 'gamma'",
            "PolynomialLR(total_iters=0)|total_iters",
            "CosineAnnealingLR(T_max=0)|T_max",
            "CosineAnnealingLR(T_max=10, eta_min='x')|eta_min",
            "ReduceLROnPlateau(factor=1.0)|Factor should be < 1.0",
            "ReduceLROnPlateau(factor=2)|Factor should be < 1.0",
            "ReduceLROnPlateau(mode='minimum')|mode",
            "ReduceLROnPlateau(threshold_mode='relative')|threshold_mode",
            "ReduceLROnPlateau(min_lr=[0.1, 0.2])|min_lr",
            "ReduceLROnPlateau(patience=-1)|patience",
            "CyclicLR(base_lr=0.01)|missing required argument 'max_lr'",
            "CyclicLR(base_lr=0.01, max_lr=0.1, mode='triangle')|mode",
            "CyclicLR(base_lr=[0.01, 0.02], max_lr=0.1)|base_lr must have the same length as optimizer.param_groups",
            "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=0)|step_size_up",
            "CyclicLR(base_lr=0.01, max_lr=0.1, scale_fn='x +')|expression",
            "OneCycleLR(max_lr=0.1)|You must define either total_steps OR (epochs AND steps_per_epoch)",
            "OneCycleLR(max_lr=0.1, total_steps=0)|Expected positive integer total_steps",
            "OneCycleLR(max_lr=0.1, epochs=0, steps_per_epoch=5)|Expected positive integer epochs",
            "OneCycleLR(max_lr=0.1, epochs=2, steps_per_epoch=-5)|Expected positive integer steps_per_epoch",
            "OneCycleLR(max_lr=0.1, total_steps=10, pct_start=1.5)|pct_start",
            "OneCycleLR(max_lr=0.1, total_steps=10, anneal_strategy='cosine')|anneal_strategy",
            "OneCycleLR(max_lr=[0.1, 0.2], total_steps=10)|max_lr must have the same length",
            "CosineAnnealingWarmRestarts(T_0=0)|Expected positive integer T_0",
            "CosineAnnealingWarmRestarts(T_0=2, T_mult=0)|Expected integer T_mult >= 1",
            "CosineAnnealingWarmRestarts(T_0=2.5)|expected an integer",
            "SequentialLR(schedulers=[], milestones=[])|expects at least one scheduler",
            "SequentialLR(schedulers=[StepLR(2), ExponentialLR(0.9)], milestones=[])|one more than the number of milestone points",
            "SequentialLR(schedulers=[ReduceLROnPlateau()], milestones=[])|does not support `ReduceLROnPlateau`",
            "ChainedScheduler(schedulers=[])|expects at least one scheduler",
            "ChainedScheduler(schedulers=[StepLR(2), ReduceLROnPlateau()])|does not support `ReduceLROnPlateau`",
            "ChainedScheduler(schedulers=[3])|expected a list of calls",
            "LambdaLR(lr_lambda=['epoch', 'epoch'])|expected 1 lr_lambdas",
            "LambdaLR(lr_lambda=0.5)|expected a quoted expression",
            "LambdaLR(lr_lambda='0.9 ** epoc')|did you mean 'epoch'",
            "MultiplicativeLR()|missing required argument 'lr_lambda'",
            "WarmupLR(scheduler=StepLR(2), warmup_t=-1)|warmup_t",
            "WarmupLR(warmup_t=3)|missing required argument 'scheduler'",
            "StepLR(step_size=3, last_epoch=-2)|last_epoch",
            "StepLR(step_size=3, gama=0.1)|did you mean 'gamma'",
            "StepLr(step_size=3)|did you mean 'StepLR'",
            "Cosine(T_max=3)|valid schedulers: ChainedScheduler, ConstantLR",
            "StepLR(step_size=3,|expected ')' at column 20"})
    void invalidSpecsAreRejected(String spec, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedulers.create(spec, sgd()));
        assertTrue(e.getMessage().contains(fragment), "message for " + spec + " was: " + e.getMessage());
    }

    @Test
    void unknownKeywordListsTheValidOnes() {
        SpecException e = assertThrows(SpecException.class, () -> Schedulers.create("OneCycleLR(max_lr=0.1, totalsteps=5)", sgd()));
        assertTrue(e.getMessage().contains("did you mean 'total_steps'?"), e.getMessage());
        assertTrue(e.getMessage().contains("valid arguments: max_lr, total_steps, epochs"), e.getMessage());
    }

    @Test
    void cycleMomentumNeedsMomentumOrBetas() {
        SimulatedOptimizer adagrad = SimulatedOptimizer.create("Adagrad", 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("OneCycleLR(max_lr=0.1, total_steps=10)", adagrad));
        assertTrue(e.getMessage().contains("cycle_momentum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedulers.create("CyclicLR(base_lr=0.01, max_lr=0.1)", adagrad));
        Schedulers.create("OneCycleLR(max_lr=0.1, total_steps=10, cycle_momentum=False)", adagrad).step();
        assertEquals(null, adagrad.momentum(0));
    }

    /** PyTorch raises on the step that makes last_epoch exceed total_steps; total_steps steps are fine. */
    @Test
    void oneCycleSteppedPastTotalSteps() {
        SimulatedOptimizer o = sgd();
        OneCycleLR s = new OneCycleLR(o, 0.1, 10);
        for (int i = 0; i < 10; i++) {
            s.step();
        }
        assertEquals(10, s.lastEpoch());
        double lr = o.paramGroups().get(0).lr();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("Tried to step 11 times. The specified number of total steps is 10"), e.getMessage());
        assertEquals(lr, o.paramGroups().get(0).lr(), "a refused step changes nothing");
        assertEquals(10, s.lastEpoch());
    }

    @Test
    void plateauNeedsAMetric() {
        ReduceLROnPlateau s = new ReduceLROnPlateau(sgd());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("step(metric)"), e.getMessage());
    }

    @Test
    void warmRestartsRefusesNegativeEpoch() {
        CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(sgd(), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(-0.5));
        assertTrue(e.getMessage().contains("Expected non-negative epoch"), e.getMessage());
    }

    @Test
    void schedulersMustShareTheOptimizer() {
        SimulatedOptimizer a = sgd();
        SimulatedOptimizer b = sgd();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(a, List.of(new StepLR(a, 2), new StepLR(b, 2)), List.of(3)));
        assertTrue(e.getMessage().contains("same optimizer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChainedScheduler(List.of(new StepLR(a, 2), new StepLR(b, 2))));
    }

    @Test
    void optimizerSpecErrors() {
        SpecException e = assertThrows(SpecException.class, () -> SimulatedOptimizer.create("Adamw(lr=0.1)"));
        assertTrue(e.getMessage().contains("did you mean 'AdamW'?") && e.getMessage().contains("valid optimizers"), e.getMessage());
        assertThrows(SpecException.class, () -> SimulatedOptimizer.create("Adam(betas=(0.9,))"));
        assertThrows(SpecException.class, () -> SimulatedOptimizer.create("SGD(nesterov=True)"));
        assertThrows(IllegalArgumentException.class, () -> SimulatedOptimizer.create("SGD", -0.1));
    }

    @Test
    void subclassForgettingInitialStepIsCaught() {
        LRScheduler broken = new LRScheduler(sgd(), -1) {
            @Override
            protected List<Double> getLr() {
                return baseLrs();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::step);
        assertTrue(e.getMessage().contains("initialStep()"), e.getMessage());
    }
}
