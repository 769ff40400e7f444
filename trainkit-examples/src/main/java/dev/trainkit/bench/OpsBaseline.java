package dev.trainkit.bench;

import dev.trainkit.nn.F;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libtorch's own compute rates on this machine, the yardstick of the speed targets in docs/BENCHMARKS.md: a 2048³
 * matmul ({@code 2·n³} FLOPs) and a 3×3 convolution forward+backward (batch 32, 64→64 channels,
 * 28×28, padding 1; forward {@code 2·N·C_out·H·W·C_in·9} FLOPs, forward+backward 3× that: the
 * input gradient and the weight gradient each cost one forward), in float32 and bfloat16, the
 * convolution also in channels_last. Rates are GFLOP/s of the median repetition; beside each,
 * {@code *_gflops_per_cpu_s} divides by the process's CPU time instead of the wall clock (median
 * repetition too), a yardstick that a loaded machine shifts far less than the wall-clock rate.
 *
 * <pre>{@code
 * Map<String, Object> r = OpsBaseline.measure(5);
 * double best = (double) r.get("best_fp32_gflops");   // max of matmul and conv, float32
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.utils.benchmark.Timer("a @ b")} and the same for
 * {@code F.conv2d(x, w, padding=1).backward(g)}.
 */
public final class OpsBaseline {
    /** Matmul size n of the n×n×n product. */
    public static final int MATMUL_N = 2048;
    /** Batch of the convolution. */
    public static final int CONV_BATCH = 32;
    /** Input and output channels of the convolution. */
    public static final int CONV_CHANNELS = 64;
    /** Height and width of the convolution's input. */
    public static final int CONV_SIZE = 28;
    /** Kernel size of the convolution (padding 1, stride 1). */
    public static final int CONV_KERNEL = 3;
    /** Longest a full-size op's repetitions may take before the probe's rate is reported instead. */
    public static final double MAX_SECONDS_PER_OP = 30;

    private OpsBaseline() {
    }

    /** FLOPs of the 2048³ matmul: 2·n³. */
    public static double matmulFlops() {
        return 2.0 * MATMUL_N * MATMUL_N * (double) MATMUL_N;
    }

    /** FLOPs of the convolution's forward pass: 2 × N·C_out·H·W × C_in·k². */
    public static double convForwardFlops() {
        return 2.0 * CONV_BATCH * CONV_CHANNELS * CONV_SIZE * CONV_SIZE * CONV_CHANNELS * CONV_KERNEL * CONV_KERNEL;
    }

    /**
     * Measures every rate with up to {@code reps} timed repetitions each (after one warm-up).
     * A dtype whose kernels are slow on this CPU (bfloat16 without AVX-512-BF16/AMX falls back to
     * scalar loops) is first probed at a quarter of the size; if the full-size op would take more
     * than {@link #MAX_SECONDS_PER_OP} seconds, the probe's rate is reported instead and
     * {@code *_size} says so.
     *
     * @return {@code matmul_fp32_gflops}, {@code matmul_bf16_gflops}, {@code conv_fp32_gflops},
     *     {@code conv_bf16_gflops}, their channels_last variants, {@code best_fp32_gflops},
     *     {@code best_bf16_gflops}, the FLOP counts used and libtorch's CPU configuration
     * @throws IllegalArgumentException if {@code reps < 1}
     */
    public static Map<String, Object> measure(int reps) {
        if (reps < 1) {
            throw new IllegalArgumentException("reps: expected >= 1, got " + reps);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double mm32 = matmulProbed(DType.FLOAT32, reps, out, "matmul_fp32");
        double mm16 = matmulProbed(DType.BFLOAT16, reps, out, "matmul_bf16");
        double cv32 = convProbed(DType.FLOAT32, false, reps, out, "conv_fp32");
        double cv32cl = convProbed(DType.FLOAT32, true, reps, out, "conv_fp32_channels_last");
        double cv16 = convProbed(DType.BFLOAT16, false, reps, out, "conv_bf16");
        double cv16cl = convProbed(DType.BFLOAT16, true, reps, out, "conv_bf16_channels_last");
        out.put("best_fp32_gflops", Math.max(mm32, Math.max(cv32, cv32cl)));
        out.put("best_fp32_gflops_per_cpu_s", Math.max((double) out.get("matmul_fp32_gflops_per_cpu_s"),
                Math.max((double) out.get("conv_fp32_gflops_per_cpu_s"),
                        (double) out.get("conv_fp32_channels_last_gflops_per_cpu_s"))));
        out.put("best_bf16_gflops", Math.max(mm16, Math.max(cv16, cv16cl)));
        out.put("matmul_flops", matmulFlops());
        out.put("conv_fwd_bwd_flops", 3 * convForwardFlops());
        out.put("reps", reps);
        out.putAll(LibtorchConfig.describe());
        return out;
    }

    private static double matmulProbed(DType dtype, int reps, Map<String, Object> out, String key) {
        int probe = MATMUL_N / 4;
        double[] rates = matmulRates(dtype, probe, 1);
        double fullSeconds = 2.0 * MATMUL_N * MATMUL_N * (double) MATMUL_N / (rates[0] * 1e9);
        if (fullSeconds * (reps + 1) <= MAX_SECONDS_PER_OP) {
            rates = matmulRates(dtype, MATMUL_N, reps);
            out.put(key + "_size", MATMUL_N);
        } else {
            out.put(key + "_size", probe);
        }
        return put(out, key, rates);
    }

    private static double convProbed(DType dtype, boolean channelsLast, int reps, Map<String, Object> out, String key) {
        int probeBatch = CONV_BATCH / 8;
        double[] rates = convRates(dtype, channelsLast, probeBatch, 1);
        double fullSeconds = 3 * convForwardFlops() / (rates[0] * 1e9);
        if (fullSeconds * (reps + 1) <= MAX_SECONDS_PER_OP) {
            rates = convRates(dtype, channelsLast, CONV_BATCH, reps);
            out.put(key + "_batch", CONV_BATCH);
        } else {
            out.put(key + "_batch", probeBatch);
        }
        return put(out, key, rates);
    }

    /** Records the wall-clock and CPU-time rates of {@code key}; returns the wall-clock one. */
    private static double put(Map<String, Object> out, String key, double[] rates) {
        out.put(key + "_gflops", rates[0]);
        out.put(key + "_gflops_per_cpu_s", rates[1]);
        return rates[0];
    }

    /** GFLOP/s of {@code flops} per median wall-clock and per median CPU time of the repetitions. */
    private static double[] rates(double flops, double[] wallMs, double[] cpuMs) {
        return new double[] {flops / TrainingBenchmark.percentile(wallMs, 0.5) / 1e6,
                flops / TrainingBenchmark.percentile(cpuMs, 0.5) / 1e6};
    }

    /** GFLOP/s of the median of {@code reps} n³ matmuls in {@code dtype}, after one warm-up. */
    public static double matmul(DType dtype, int n, int reps) {
        return matmulRates(dtype, n, reps)[0];
    }

    private static double[] matmulRates(DType dtype, int n, int reps) {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Tensor a = Torch.randn(n, n).to(dtype);
            Tensor b = Torch.randn(n, n).to(dtype);
            double[] ms = new double[reps];
            double[] cpuMs = new double[reps];
            for (int i = -1; i < reps; i++) {
                try (TensorScope inner = TensorScope.open()) {
                    long c0 = ProcessMemory.cpuNanos();
                    long t0 = System.nanoTime();
                    a.matmul(b);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        cpuMs[i] = (ProcessMemory.cpuNanos() - c0) / 1e6;
                    }
                }
            }
            return rates(2.0 * n * n * (double) n, ms, cpuMs);
        }
    }

    /**
     * GFLOP/s of the median of {@code reps} forward+backward passes of the 3×3 convolution with
     * {@code batch} samples, after one warm-up.
     */
    public static double conv(DType dtype, boolean channelsLast, int batch, int reps) {
        return convRates(dtype, channelsLast, batch, reps)[0];
    }

    private static double[] convRates(DType dtype, boolean channelsLast, int batch, int reps) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.randn(batch, CONV_CHANNELS, CONV_SIZE, CONV_SIZE).to(dtype);
            Tensor w = Torch.randn(CONV_CHANNELS, CONV_CHANNELS, CONV_KERNEL, CONV_KERNEL).mul(0.05).to(dtype);
            if (channelsLast) {
                x = MemoryFormats.channelsLast(x);
                w = MemoryFormats.channelsLast(w);
            }
            x.requiresGrad_(true);
            w.requiresGrad_(true);
            long[] one = {1, 1};
            double[] ms = new double[reps];
            double[] cpuMs = new double[reps];
            for (int i = -1; i < reps; i++) {
                try (TensorScope inner = TensorScope.open()) {
                    long c0 = ProcessMemory.cpuNanos();
                    long t0 = System.nanoTime();
                    Tensor y = F.conv2d(x, w, null, one, one, one, 1);
                    y.backward(Torch.onesLike(y), false);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        cpuMs[i] = (ProcessMemory.cpuNanos() - c0) / 1e6;
                    }
                    x.setGrad(null);
                    w.setGrad(null);
                }
            }
            return rates(3 * convForwardFlops() * batch / CONV_BATCH, ms, cpuMs);
        }
    }
}
