package dev.trainkit.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchvisionWarmup} against the lrs of torchvision's reference script's scheduler block
 * ({@code tools/golden/gen_torchvision_warmup.py}, PyTorch 1.13), epoch by epoch, to 1e-12 relative.
 */
class TorchvisionWarmupTest {
    @Test
    void reproducesTheReferenceScriptsSchedules() throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/torchvision_warmup.json")) {
            assertNotNull(in, "golden/torchvision_warmup.json on the test classpath");
            golden = new ObjectMapper().readTree(in);
        }
        assertTrue(golden.get("cases").size() >= 8);
        for (JsonNode c : golden.get("cases")) {
            int epochs = c.get("epochs").asInt();
            int warm = c.get("lr_warmup_epochs").asInt();
            String main = TorchvisionWarmup.mainSpec(c.get("lr_scheduler").asText(), epochs, warm,
                    c.get("lr_step_size").asInt(), c.get("lr_gamma").asDouble());
            String spec = TorchvisionWarmup.wrap(main, warm, c.get("lr_warmup_method").asText(),
                    c.get("lr_warmup_decay").asDouble());
            SimulatedOptimizer o = SimulatedOptimizer.create("SGD(momentum=0.9)", c.get("lr").asDouble());
            LRScheduler s = Schedulers.create(spec, o);
            for (int e = 0; e < epochs; e++) {
                double expected = c.get("lrs").get(e).asDouble();
                assertEquals(expected, o.paramGroups().get(0).lr(), 1e-12 * Math.abs(expected), spec + " epoch " + e);
                s.step();
            }
        }
    }

    @Test
    void specsAreTheOnesTheScriptBuilds() {
        assertEquals("SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=5), CosineAnnealingLR(T_max=595)], "
                        + "milestones=[5])",
                TorchvisionWarmup.wrap(TorchvisionWarmup.mainSpec("cosineannealinglr", 600, 5, 30, 0.1), 5, "linear", 0.01));
        assertEquals("StepLR(step_size=30, gamma=0.1)", TorchvisionWarmup.wrap("StepLR(step_size=30, gamma=0.1)", 0,
                TorchvisionWarmup.DEFAULT_METHOD, TorchvisionWarmup.DEFAULT_DECAY));
    }

    @Test
    void badFlagsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchvisionWarmup.wrap("StepLR(3)", 2, "cosine", 0.01));
        assertTrue(e.getMessage().contains("Only linear and constant are supported"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorchvisionWarmup.mainSpec("onecycle", 10, 0, 3, 0.1));
        assertTrue(e.getMessage().contains("steplr, cosineannealinglr or exponentiallr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorchvisionWarmup.wrap("ReduceLROnPlateau()", 2, "linear", 0.01));
        assertTrue(e.getMessage().contains("WarmupLR(scheduler=ReduceLROnPlateau()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchvisionWarmup.wrap("StepLR(3)", -1, "linear", 0.01));
    }
}
