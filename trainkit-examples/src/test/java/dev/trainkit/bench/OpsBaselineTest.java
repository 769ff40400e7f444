package dev.trainkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsBaselineTest {

    @Test
    void flopCountsFollowTheIssue() {
        assertEquals(2.0 * 2048 * 2048 * 2048, OpsBaseline.matmulFlops());
        // forward: every one of 32*64*28*28 outputs costs 64*3*3 multiply-adds = 2 FLOPs each
        assertEquals(2.0 * (32 * 64 * 28 * 28) * (64 * 3 * 3), OpsBaseline.convForwardFlops());
    }

    @Test
    void smallRatesArePositiveAndFinite() {
        for (double r : new double[] {OpsBaseline.matmul(DType.FLOAT32, 64, 1),
                OpsBaseline.conv(DType.FLOAT32, false, 1, 1), OpsBaseline.conv(DType.FLOAT32, true, 1, 1)}) {
            assertTrue(Double.isFinite(r) && r > 0, "GFLOP/s = " + r);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpsBaseline.measure(0));
        assertEquals("reps: expected >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionAccuracyRun.run(0, 32, 28, 100));
        assertEquals("--epochs: expected >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionAccuracyRun.run(1, 32, 28, 0));
        assertEquals("--train-size: expected 1..4000, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionAccuracyRun.run(1, 32, 20, 10));
        assertTrue(e.getMessage().startsWith("--image-size: expected >= 28"), e.getMessage());
    }

    @Test
    void libtorchConfigNamesTheCpuPath() {
        Map<String, Object> c = LibtorchConfig.describe();
        assertTrue(!c.get("cpu_capability").toString().isEmpty());
        assertTrue(c.get("mkldnn_version").toString().contains("DNN"), c.toString());
        assertTrue((int) c.get("threads") >= 1);
    }
}
