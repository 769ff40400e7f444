package dev.trainkit.bench;

import dev.trainkit.amp.Autocast;
import dev.trainkit.nn.F;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Times the two attention kernels {@code nn.MultiheadAttention} chooses between, on one head
 * split: libtorch's fused {@code scaled_dot_product_attention} and the explicit
 * softmax(QKᵀ/√d)·V, each in fp32 and under bf16 autocast, forward + backward (training) and
 * forward without a graph (inference). Prints one JSON line per case with the median milliseconds
 * of the repetitions; the inputs are made before the clock starts.
 *
 * <pre>
 * java -cp "trainkit-cli/target/classes:trainkit-cli/target/lib/*" dev.trainkit.bench.AttentionKernelBenchmark 8 12 197 64 7 2
 * # batch, heads, tokens, head dim (ViT-B/16 at 224²), repetitions, intra-op threads
 * </pre>
 */
public final class AttentionKernelBenchmark {
    private AttentionKernelBenchmark() {
    }

    /** The explicit kernel: {@code softmax(q / √d @ kᵀ, -1) @ v}, PyTorch 1.13's training path. */
    static Tensor explicit(Tensor q, Tensor k, Tensor v) {
        return F.softmax(q.div(Math.sqrt(q.size(-1))).matmul(k.transpose(-2, -1)), -1).matmul(v);
    }

    /** Median milliseconds of {@code reps} runs (after two untimed ones) of one kernel case. */
    static double medianMs(long[] shape, boolean bf16, boolean train, int reps,
            Function<Tensor[], Tensor> kernel) {
        double[] ms = new double[reps];
        for (int i = -2; i < reps; i++) {
            try (TensorScope s = TensorScope.open()) {
                Tensor[] qkv = new Tensor[3];
                for (int j = 0; j < 3; j++) {
                    qkv[j] = Torch.randn(shape).requiresGrad_(train);
                }
                long t0 = System.nanoTime();
                try (NoGrad ng = train ? NoGrad.enableGrad() : NoGrad.enter();
                        Autocast ac = bf16 ? Autocast.enable(Device.CPU, DType.BFLOAT16) : Autocast.disable(Device.CPU)) {
                    Tensor out = kernel.apply(qkv);
                    if (train) {
                        out.to(DType.FLOAT32).sum().backward();
                    }
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return TrainingBenchmark.percentile(ms, 0.5);
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 8;
        long heads = args.length > 1 ? Long.parseLong(args[1]) : 12;
        long tokens = args.length > 2 ? Long.parseLong(args[2]) : 197;
        long dim = args.length > 3 ? Long.parseLong(args[3]) : 64;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        if (args.length > 5) {
            Torch.setNumThreads(Integer.parseInt(args[5]));
        }
        long[] shape = {n, heads, tokens, dim};
        for (boolean bf16 : new boolean[] {false, true}) {
            for (boolean train : new boolean[] {true, false}) {
                double f = medianMs(shape, bf16, train, reps,
                        qkv -> F.scaledDotProductAttention(qkv[0], qkv[1], qkv[2], null, 0.0));
                double e = medianMs(shape, bf16, train, reps, qkv -> explicit(qkv[0], qkv[1], qkv[2]));
                System.out.printf("{\"shape\":\"%s\",\"dtype\":\"%s\",\"pass\":\"%s\",\"fused_ms\":%.2f,"
                        + "\"explicit_ms\":%.2f,\"threads\":%d,\"cpu_flags\":\"%s\"}%n", Arrays.toString(shape),
                        bf16 ? "bf16 autocast" : "fp32", train ? "forward+backward" : "forward, no graph", f, e,
                        Torch.numThreads(), LibtorchConfig.describe().get("cpu_flags"));
            }
        }
    }
}
