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
 * libtorch's own compute rates on this machine, the yardstick of issue 6's targets: a 2048³
 * matmul ({@code 2·n³} FLOPs) and a 3×3 convolution forward+backward (batch 32, 64→64 channels,
 * 28×28, padding 1; forward {@code 2·N·C_out·H·W·C_in·9} FLOPs, forward+backward 3× that: the
 * input gradient and the weight gradient each cost one forward), in float32 and bfloat16, the
 * convolution also in channels_last. Rates are GFLOP/s of the median repetition.
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
    /** The convolution: batch, channels in and out, spatial size, kernel. */
    public static final int CONV_BATCH = 32;
    public static final int CONV_CHANNELS = 64;
    public static final int CONV_SIZE = 28;
    public static final int CONV_KERNEL = 3;

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
     * Measures every rate with {@code reps} timed repetitions each (after one warm-up).
     *
     * @return {@code matmul_fp32_gflops}, {@code matmul_bf16_gflops}, {@code conv_fp32_gflops},
     *     {@code conv_bf16_gflops}, their channels_last variants, {@code best_fp32_gflops} and
     *     the FLOP counts used
     * @throws IllegalArgumentException if {@code reps < 1}
     */
    public static Map<String, Object> measure(int reps) {
        if (reps < 1) {
            throw new IllegalArgumentException("reps: expected >= 1, got " + reps);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double mm32 = matmul(DType.FLOAT32, reps);
        double mm16 = matmul(DType.BFLOAT16, reps);
        double cv32 = conv(DType.FLOAT32, false, reps);
        double cv32cl = conv(DType.FLOAT32, true, reps);
        double cv16 = conv(DType.BFLOAT16, false, reps);
        double cv16cl = conv(DType.BFLOAT16, true, reps);
        out.put("matmul_fp32_gflops", mm32);
        out.put("matmul_bf16_gflops", mm16);
        out.put("conv_fp32_gflops", cv32);
        out.put("conv_fp32_channels_last_gflops", cv32cl);
        out.put("conv_bf16_gflops", cv16);
        out.put("conv_bf16_channels_last_gflops", cv16cl);
        out.put("best_fp32_gflops", Math.max(mm32, Math.max(cv32, cv32cl)));
        out.put("best_bf16_gflops", Math.max(mm16, Math.max(cv16, cv16cl)));
        out.put("matmul_flops", matmulFlops());
        out.put("conv_fwd_bwd_flops", 3 * convForwardFlops());
        out.put("reps", reps);
        out.put("threads", Torch.numThreads());
        return out;
    }

    /** GFLOP/s of the median of {@code reps} 2048³ matmuls in {@code dtype}. */
    public static double matmul(DType dtype, int reps) {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Tensor a = Torch.randn(MATMUL_N, MATMUL_N).to(dtype);
            Tensor b = Torch.randn(MATMUL_N, MATMUL_N).to(dtype);
            double[] ms = new double[reps];
            for (int i = -1; i < reps; i++) {
                try (TensorScope inner = TensorScope.open()) {
                    long t0 = System.nanoTime();
                    a.matmul(b);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            return matmulFlops() / TrainingBenchmark.percentile(ms, 0.5) / 1e6;
        }
    }

    /** GFLOP/s of the median of {@code reps} convolution forward+backward passes. */
    public static double conv(DType dtype, boolean channelsLast, int reps) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.randn(CONV_BATCH, CONV_CHANNELS, CONV_SIZE, CONV_SIZE).to(dtype);
            Tensor w = Torch.randn(CONV_CHANNELS, CONV_CHANNELS, CONV_KERNEL, CONV_KERNEL).mul(0.05).to(dtype);
            if (channelsLast) {
                x = MemoryFormats.channelsLast(x);
                w = MemoryFormats.channelsLast(w);
            }
            x.requiresGrad_(true);
            w.requiresGrad_(true);
            long[] one = {1, 1};
            double[] ms = new double[reps];
            for (int i = -1; i < reps; i++) {
                try (TensorScope inner = TensorScope.open()) {
                    long t0 = System.nanoTime();
                    Tensor y = F.conv2d(x, w, null, one, one, one, 1);
                    y.backward(Torch.onesLike(y), false);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    x.setGrad(null);
                    w.setGrad(null);
                }
            }
            return 3 * convForwardFlops() / TrainingBenchmark.percentile(ms, 0.5) / 1e6;
        }
    }
}
