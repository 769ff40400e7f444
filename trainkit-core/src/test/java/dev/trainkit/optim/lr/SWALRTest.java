package dev.trainkit.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SWALR's checks and state (its numbers are in the PyTorch goldens, GoldenLrSchedulersTest). */
class SWALRTest {
    @Test
    void badArgumentsGivePyTorchsMessages() {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("SWALR(swa_lr=0.05, anneal_strategy='cosine')", o));
        assertTrue(e.getMessage().contains("anneal_strategy must by one of 'cos' or 'linear', instead got cosine"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedulers.create("SWALR(0.05, -1)", o));
        assertTrue(e.getMessage().contains("anneal_epochs must be equal or greater than 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedulers.create("SWALR(swa_lr=[0.1, 0.2, 0.3])", o));
        assertTrue(e.getMessage().contains("swa_lr must have the same length as optimizer.param_groups"), e.getMessage());
    }

    @Test
    void stateDictResumesExactly() {
        String spec = "SWALR(swa_lr=0.05, anneal_epochs=6, anneal_strategy='linear')";
        SimulatedOptimizer ref = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler r = Schedulers.create(spec, ref);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(ref.paramGroups().get(0).lr());
            r.step();
        }
        SimulatedOptimizer first = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler a = Schedulers.create(spec, first);
        for (int i = 0; i < 3; i++) {
            a.step();
        }
        SimulatedOptimizer second = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler b = new SWALR(second, List.of(0.01), 2, "cos", -1);
        first.paramGroups().get(0).options().forEach(second.paramGroups().get(0)::set);
        b.loadStateDict(a.stateDict());
        for (int i = 3; i < 10; i++) {
            assertEquals(expected.get(i), second.paramGroups().get(0).lr(), 1e-15, "step " + i);
            b.step();
        }
        assertEquals(SchedulerTraits.PER_EPOCH, Schedulers.traits(spec));
    }
}
