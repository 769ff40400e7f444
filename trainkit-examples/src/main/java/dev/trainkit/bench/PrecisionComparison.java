package dev.trainkit.bench;

import dev.trainkit.amp.Precision;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of libtorch's own bf16 speed-up a bf16 training step keeps, measured in one process
 * with the two precisions interleaved so that both see the same machine load: a {@code 32} step
 * and a {@code bf16-mixed} (or {@code bf16-true}) step alternate, round by round, and so do
 * libtorch's fp32 and bf16 2048³ matmuls and 3×3 convolutions fwd+bwd ({@link OpsBaseline}).
 * The step speed-up (median fp32 step / median bf16 step) is divided by libtorch's peak ratio
 * (best bf16 GFLOP/s / best fp32 GFLOP/s); the target is {@value #TARGET_FRACTION} of it.
 *
 * <pre>{@code
 * Map<String, Object> r = PrecisionComparison.run(new BenchSettings("resnet18", 32, 112, 10,
 *         Precision.of("bf16-mixed"), 10, 2, 0, true, BenchSettings.DEFAULT_OPTIMIZER), 3);
 * double kept = (double) r.get("fraction_of_peak_ratio");   // step speed-up / libtorch's peak ratio
 * }</pre>
 *
 * <p>{@code trainkit bench --precision-ratio --model resnet18 --precision bf16-mixed} prints it.
 */
public final class PrecisionComparison {
    /** Fraction of libtorch's bf16/fp32 peak ratio the step speed-up should reach. */
    public static final double TARGET_FRACTION = 0.85;

    private PrecisionComparison() {
    }

    /**
     * Runs {@code s.steps()} interleaved rounds of one fp32 and one {@code s.precision()} step
     * (after {@code s.warmup()} untimed steps of each; the order alternates every round), then
     * {@code opsReps} interleaved rounds of libtorch's fp32 and bf16 ops.
     *
     * @return per precision the median step and phases; {@code step_speedup},
     *     {@code step_speedup_pair_median} (median of the per-round ratios), the op rates and
     *     their ratios, {@code peak_ratio}, {@code fraction_of_peak_ratio}, {@code target_met}
     *     and libtorch's configuration
     * @throws IllegalArgumentException if {@code s.precision()} does not compute in bf16, or
     *     {@code opsReps < 1}
     */
    public static Map<String, Object> run(BenchSettings s, int opsReps) {
        return run(s, opsReps, OpsBaseline.MATMUL_N, OpsBaseline.CONV_BATCH);
    }

    /** {@link #run(BenchSettings, int)} with an {@code matmulN}³ matmul and a convolution of {@code convBatch} samples. */
    static Map<String, Object> run(BenchSettings s, int opsReps, int matmulN, int convBatch) {
        Precision low = s.precision();
        if (low.autocastDtype() != DType.BFLOAT16 && low.paramDtype() != DType.BFLOAT16) {
            throw new IllegalArgumentException("--precision: expected bf16-mixed or bf16-true for the bf16/fp32"
                    + " comparison, got " + low.lightningName());
        }
        if (opsReps < 1) {
            throw new IllegalArgumentException("--baseline-reps: expected >= 1, got " + opsReps);
        }
        if (s.threads() > 0) {
            Torch.setNumThreads(s.threads());
        }
        Torch.manualSeed(0);
        TrainingBenchmark.Step fp32 = TrainingBenchmark.prepare(withPrecision(s, Precision.FP32));
        Torch.manualSeed(0);
        TrainingBenchmark.Step bf16 = TrainingBenchmark.prepare(s);
        for (int i = 0; i < s.warmup(); i++) {
            fp32.run(null);
            bf16.run(null);
        }
        int n = s.steps();
        Timings t32 = new Timings(n);
        Timings t16 = new Timings(n);
        double[] pairRatio = new double[n];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                t32.time(fp32, i);
                t16.time(bf16, i);
            } else {
                t16.time(bf16, i);
                t32.time(fp32, i);
            }
            pairRatio[i] = t32.total[i] / t16.total[i];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(Precision.FP32.lightningName(), t32.summary(s.batch(), fp32.lastLoss));
        out.put(low.lightningName(), t16.summary(s.batch(), bf16.lastLoss));
        double speedup = TrainingBenchmark.percentile(t32.total, 0.5) / TrainingBenchmark.percentile(t16.total, 0.5);
        out.put("step_speedup", speedup);
        out.put("step_speedup_pair_median", TrainingBenchmark.percentile(pairRatio, 0.5));

        Map<String, Object> ops = interleavedOps(opsReps, matmulN, convBatch);
        double peak = (double) ops.get("peak_ratio");
        out.put("ops", ops);
        out.put("peak_ratio", peak);
        out.put("fraction_of_peak_ratio", speedup / peak);
        out.put("target_fraction", TARGET_FRACTION);
        out.put("target_met", speedup / peak >= TARGET_FRACTION);
        out.put("model", s.modelSpec());
        out.put("batch", s.batch());
        out.put("image_size", s.imageSize());
        out.put("channels_last", TrainingBenchmark.channelsLast(s));
        out.put("fp32_modules", s.fp32Modules());
        out.put("optimizer", s.optimizer());
        out.put("rounds", n);
        out.put("warmup", s.warmup());
        out.put("peak_rss_mb", ProcessMemory.peakRssMb());
        out.putAll(LibtorchConfig.describe());
        return out;
    }

    /**
     * libtorch's fp32 and bf16 rates, each fp32 repetition followed by the bf16 one of the same
     * op: medians in GFLOP/s, each op's bf16/fp32 ratio and {@code peak_ratio} (best bf16 rate /
     * best fp32 rate, as {@code best_bf16_gflops / best_fp32_gflops} of {@link OpsBaseline#measure}).
     */
    static Map<String, Object> interleavedOps(int reps, int matmulN, int convBatch) {
        String[] names = {"matmul", "conv", "conv_channels_last"};
        double[][] r32 = new double[names.length][reps];
        double[][] r16 = new double[names.length][reps];
        for (int i = 0; i < reps; i++) {
            for (int k = 0; k < names.length; k++) {
                r32[k][i] = rate(k, DType.FLOAT32, matmulN, convBatch);
                r16[k][i] = rate(k, DType.BFLOAT16, matmulN, convBatch);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double best32 = 0;
        double best16 = 0;
        for (int k = 0; k < names.length; k++) {
            double m32 = TrainingBenchmark.percentile(r32[k], 0.5);
            double m16 = TrainingBenchmark.percentile(r16[k], 0.5);
            out.put(names[k] + "_fp32_gflops", m32);
            out.put(names[k] + "_bf16_gflops", m16);
            out.put(names[k] + "_ratio", m16 / m32);
            best32 = Math.max(best32, m32);
            best16 = Math.max(best16, m16);
        }
        out.put("best_fp32_gflops", best32);
        out.put("best_bf16_gflops", best16);
        out.put("peak_ratio", best16 / best32);
        out.put("reps", reps);
        out.put("matmul_size", matmulN);
        out.put("conv_batch", convBatch);
        return out;
    }

    private static double rate(int op, DType dtype, int matmulN, int convBatch) {
        return switch (op) {
            case 0 -> OpsBaseline.matmul(dtype, matmulN, 1);
            case 1 -> OpsBaseline.conv(dtype, false, convBatch, 1);
            default -> OpsBaseline.conv(dtype, true, convBatch, 1);
        };
    }

    private static BenchSettings withPrecision(BenchSettings s, Precision p) {
        return new BenchSettings(s.model(), s.batch(), s.imageSize(), s.numClasses(), p, s.steps(), s.warmup(),
                s.threads(), s.channelsLast(), s.optimizer(), s.fp32Modules());
    }

    /** Step times and phases of one precision. */
    private static final class Timings {
        final double[] total;
        final double[][] phases;
        final double[] phase = new double[TrainingBenchmark.PHASES.length];

        Timings(int n) {
            total = new double[n];
            phases = new double[TrainingBenchmark.PHASES.length][n];
        }

        void time(TrainingBenchmark.Step step, int i) {
            long t0 = System.nanoTime();
            step.run(phase);
            total[i] = (System.nanoTime() - t0) / 1e6;
            for (int k = 0; k < phase.length; k++) {
                phases[k][i] = phase[k];
            }
        }

        Map<String, Object> summary(int batch, double lastLoss) {
            double median = TrainingBenchmark.percentile(total, 0.5);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ms_per_step", median);
            out.put("samples_per_s", batch * 1000.0 / median);
            out.put("ms_min", TrainingBenchmark.percentile(total, 0.0));
            out.put("ms_max", TrainingBenchmark.percentile(total, 1.0));
            Map<String, Object> ph = new LinkedHashMap<>();
            for (int k = 0; k < phase.length; k++) {
                ph.put(TrainingBenchmark.PHASES[k], TrainingBenchmark.percentile(phases[k], 0.5));
            }
            out.put("phases", ph);
            out.put("final_loss", lastLoss);
            return out;
        }
    }
}
