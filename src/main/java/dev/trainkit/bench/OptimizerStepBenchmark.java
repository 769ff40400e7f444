package dev.trainkit.bench;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@code optimizer.step()} alone on a zoo model's parameters with fixed random gradients,
 * to compare the per-tensor and multi-tensor ({@code foreach=True}) steps; the PyTorch side is
 * {@code tools/bench/optimizer_step.py}. Prints one JSON line per optimizer spec.
 *
 * <pre>
 * java -cp "target/classes:target/lib/*" dev.trainkit.bench.OptimizerStepBenchmark resnet50 20 1 \
 *     "AdamW(foreach=False)" "AdamW(foreach=True)"
 * </pre>
 *
 * <p>PyTorch equivalent: {@code timeit(opt.step)} over {@code torchvision.models.resnet50().parameters()}.
 */
public final class OptimizerStepBenchmark {
    private OptimizerStepBenchmark() {
    }

    /**
     * Median milliseconds of {@code steps} timed steps (after 3 untimed) of optimizer {@code spec}
     * over {@code params}, whose gradients are set once to seeded random values.
     */
    public static double medianStepMs(String spec, List<? extends Tensor> params, int steps) {
        try (NoGrad ng = NoGrad.enter()) {
            Torch.manualSeed(0);
            for (Tensor p : params) {
                p.setGrad(TensorScope.escape(Torch.randn(p.shape()).mul(1e-3)));
            }
        }
        Optimizer opt = Optimizers.create(spec, params);
        double[] ms = new double[steps];
        for (int i = -3; i < steps; i++) {
            long t0 = System.nanoTime();
            try (TensorScope scope = TensorScope.open()) {
                opt.step();
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[steps / 2];
    }

    /** Arguments: model name, timed steps, intra-op threads, optimizer specs. */
    public static void main(String[] args) {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: OptimizerStepBenchmark MODEL STEPS THREADS SPEC [SPEC...], got "
                    + Arrays.toString(args));
        }
        Torch.setNumThreads(Integer.parseInt(args[2]));
        Module model = Models.create(args[0]);
        int steps = Integer.parseInt(args[1]);
        List<Tensor> params = new ArrayList<>(model.parameters());
        long numel = params.stream().mapToLong(Tensor::numel).sum();
        for (int k = 3; k < args.length; k++) {
            double ms = medianStepMs(args[k], params, steps);
            System.out.printf("{\"impl\":\"trainkit\",\"model\":\"%s\",\"optimizer\":\"%s\",\"tensors\":%d,\"numel\":%d,"
                    + "\"threads\":%d,\"steps\":%d,\"median_ms\":%.3f}%n", args[0], args[k].replace("\"", "'"),
                    params.size(), numel, Torch.numThreads(), steps, ms);
        }
    }
}
