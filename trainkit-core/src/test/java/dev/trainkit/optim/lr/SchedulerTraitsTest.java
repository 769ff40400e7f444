package dev.trainkit.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.SpecException;
import org.junit.jupiter.api.Test;

/** {@link Schedulers#traits(String)} from the registry entries, and the registry shape of the schedulers. */
class SchedulerTraitsTest {
    @Test
    void perBatchSchedulersAndWrappersAroundThem() {
        assertEquals(SchedulerTraits.PER_BATCH, Schedulers.traits("OneCycleLR(max_lr=0.1)"));
        assertEquals(SchedulerTraits.PER_BATCH, Schedulers.traits("CyclicLR(base_lr=0.01, max_lr=0.1)"));
        assertEquals(SchedulerTraits.PER_BATCH,
                Schedulers.traits("WarmupLR(scheduler=OneCycleLR(max_lr=0.1, total_steps=10), warmup_t=2)"));
        assertEquals(SchedulerTraits.PER_BATCH, Schedulers.traits("SequentialLR(schedulers=[LinearLR(), "
                + "CyclicLR(base_lr=0.01, max_lr=0.1)], milestones=[5])"));
        assertEquals(SchedulerTraits.PER_BATCH, Schedulers.traits("ChainedScheduler(schedulers=[ExponentialLR(0.9), "
                + "WarmupLR(scheduler=OneCycleLR(max_lr=0.1))])"));
    }

    @Test
    void metricSchedulersAndWarmupAroundThem() {
        assertEquals(SchedulerTraits.METRIC, Schedulers.traits("ReduceLROnPlateau(patience=2)"));
        assertEquals(SchedulerTraits.METRIC, Schedulers.traits("WarmupLR(scheduler=ReduceLROnPlateau(), warmup_t=3)"));
    }

    @Test
    void epochSchedulers() {
        for (String spec : new String[] {"StepLR(3)", "CosineAnnealingLR(T_max=10)", "LambdaLR(lr_lambda='0.9 ** epoch')",
                "SequentialLR(schedulers=[LinearLR(), StepLR(2)], milestones=[5])", "WarmupLR(scheduler=StepLR(2))"}) {
            assertEquals(SchedulerTraits.PER_EPOCH, Schedulers.traits(spec), spec);
        }
    }

    @Test
    void traitsCheckTheSpecLikeCreate() {
        SpecException e = assertThrows(SpecException.class, () -> Schedulers.traits("OneCycleRL(max_lr=0.1)"));
        assertTrue(e.getMessage().contains("did you mean 'OneCycleLR'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> Schedulers.traits("WarmupLR(warmup_t=3)"));
        assertTrue(e.getMessage().contains("missing required argument 'scheduler'"), e.getMessage());
        assertThrows(SpecException.class, () -> Schedulers.traits("StepLR(3, gama=0.5)"));
    }

    @Test
    void everySchedulerStatesItsSignatureOnceWithPyTorchsDefaults() {
        assertEquals(Schedulers.names().size(), Schedulers.registry().registrations().size());
        for (Registration<SchedulerFactory> r : Schedulers.registry().registrations()) {
            assertTrue(!r.description().isBlank(), r.name());
            assertEquals(r.signature().parameters(), Schedulers.PARAMETERS.get(r.name()));
        }
        assertEquals("StepLR(step_size, gamma=0.1, last_epoch=-1)", StepLR.REGISTRATION.signature().toString());
        assertEquals("WarmupLR(scheduler, warmup_t=0, warmup_lr_init=None)", WarmupLR.REGISTRATION.signature().toString());
        // a default stated in the signature is the one the built scheduler uses
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 1.0);
        LRScheduler s = Schedulers.create("StepLR(1)", o);
        s.step();
        assertEquals(0.1, o.paramGroups().get(0).lr(), 1e-15);
    }
}
