package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code trainkit schedule} with WarmupLR, around ReduceLROnPlateau included, and its help. */
class ScheduleWarmupCommandTest {
    private static double[] lrs(CliRun r) throws Exception {
        JsonNode lr = new ObjectMapper().readTree(r.out()).get("lr");
        double[] a = new double[lr.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = lr.get(i).asDouble();
        }
        return a;
    }

    @Test
    void plateauWarmupShowsTheWarmupThenTheReductions() throws Exception {
        CliRun r = CliRun.of("schedule", "--scheduler", "WarmupLR(scheduler=ReduceLROnPlateau(patience=1), warmup_t=3)",
                "--lr", "0.1", "--steps", "8", "--metrics", "1,0.9,0.8,0.8,0.8,0.8,0.8,0.8", "--format", "json");
        assertEquals(0, r.code(), r.err());
        // 1% start, linear to the base lr at step 3; the metrics of steps 0-2 are not seen, so the
        // plateau scheduler's best is step 3's 0.8 and steps 4, 5 are bad: reduced for step 6
        double init = 0.001;
        double[] expected = {init, init + (0.1 - init) / 3, init + 2 * (0.1 - init) / 3, 0.1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1};
        assertArrayEquals(expected, lrs(r), 1e-15);
    }

    @Test
    void plateauWarmupWithoutMetricsIsAnError() {
        CliRun r = CliRun.of("schedule", "--scheduler", "WarmupLR(scheduler=ReduceLROnPlateau(), warmup_t=3)",
                "--lr", "0.1", "--steps", "4");
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("--metrics: WarmupLR needs one metric per step: expected 4 values, got 0"), r.err());
    }

    @Test
    void helpDocumentsWarmupLR() {
        CliRun r = CliRun.of("schedule", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("WarmupLR(scheduler=SPEC, warmup_t=W, warmup_lr_init=I)"), r.out());
        assertTrue(r.out().contains("I defaults to 1% of the lr"), r.out());
    }
}
