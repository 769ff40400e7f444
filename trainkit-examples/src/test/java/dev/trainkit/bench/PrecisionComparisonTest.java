package dev.trainkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.amp.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecisionComparisonTest {

    private static BenchSettings tiny(String precision) {
        return new BenchSettings("resnet18", 2, 16, 3, Precision.of(precision), 2, 1, 0, true,
                BenchSettings.DEFAULT_OPTIMIZER);
    }

    @Test
    @SuppressWarnings("unchecked")
    void ratiosAreDerivedFromTheInterleavedMedians() {
        Map<String, Object> r = PrecisionComparison.run(tiny("bf16-mixed"), 1, 64, 1);
        Map<String, Object> fp32 = (Map<String, Object>) r.get("32");
        Map<String, Object> bf16 = (Map<String, Object>) r.get("bf16-mixed");
        double ms32 = (double) fp32.get("ms_per_step");
        double ms16 = (double) bf16.get("ms_per_step");
        assertTrue(ms32 > 0 && ms16 > 0, r.toString());
        assertTrue(Double.isFinite((double) fp32.get("final_loss")) && Double.isFinite((double) bf16.get("final_loss")));
        assertEquals(ms32 / ms16, (double) r.get("step_speedup"), 1e-12);

        Map<String, Object> ops = (Map<String, Object>) r.get("ops");
        double best32 = Math.max((double) ops.get("matmul_fp32_gflops"),
                Math.max((double) ops.get("conv_fp32_gflops"), (double) ops.get("conv_channels_last_fp32_gflops")));
        double best16 = Math.max((double) ops.get("matmul_bf16_gflops"),
                Math.max((double) ops.get("conv_bf16_gflops"), (double) ops.get("conv_channels_last_bf16_gflops")));
        assertEquals(best16 / best32, (double) r.get("peak_ratio"), 1e-12);
        double fraction = (double) r.get("fraction_of_peak_ratio");
        assertEquals(ms32 / ms16 / (best16 / best32), fraction, 1e-12);
        assertEquals(fraction >= PrecisionComparison.TARGET_FRACTION, r.get("target_met"));
        assertEquals(64, ops.get("matmul_size"));
    }

    @Test
    void onlyBf16PrecisionsAndPositiveRepsAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionComparison.run(tiny("32"), 1));
        assertEquals("--precision: expected bf16-mixed or bf16-true for the bf16/fp32 comparison, got 32",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.run(tiny("16-mixed"), 1));
        assertTrue(e.getMessage().endsWith("got 16-mixed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.run(tiny("bf16-mixed"), 0));
        assertEquals("--baseline-reps: expected >= 1, got 0", e.getMessage());
    }
}
