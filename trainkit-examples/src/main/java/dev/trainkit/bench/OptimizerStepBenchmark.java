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
 * to compare the per-tensor and multi-tensor ({@code foreach=True}) steps, the specs interleaved
 * step by step; the PyTorch side is
 * {@code tools/bench/optimizer_step.py}. Prints one JSON line per optimizer spec.
 *
 * <pre>
 * java -cp "trainkit-cli/target/classes:trainkit-cli/target/lib/*" dev.trainkit.bench.OptimizerStepBenchmark resnet50 20 1 \
 *     "AdamW(foreach=False)" "AdamW(foreach=True)"
 * </pre>
 *
 * <p>PyTorch equivalent: {@code timeit(opt.step)} over {@code torchvision.models.resnet50().parameters()}.
 */
public final class OptimizerStepBenchmark {
    private OptimizerStepBenchmark() {
    }

    /**
     * Copies of {@code params} that outlive the current scope, each with the same seeded random
     * gradient (seed 0, scale 1e-3) every time, so that every optimizer under test steps alike.
     */
    static List<Tensor> seededCopies(List<? extends Tensor> params) {
        Torch.manualSeed(0);
        List<Tensor> copy = new ArrayList<>();
        for (Tensor p : params) {
            Tensor c = TensorScope.escape(p.detach().clone()).requiresGrad_(true);
            c.setGrad(TensorScope.escape(Torch.randn(p.shape()).mul(1e-3)));
            copy.add(c);
        }
        return copy;
    }

    /**
     * Median milliseconds per step of each optimizer spec, timed INTERLEAVED (one step of each spec
     * in turn, 3 untimed rounds first) so that a shared machine's load changes hit every spec
     * alike. Each spec steps its own copy of {@code params}, whose gradients are set once to the
     * same seeded random values.
     */
    public static double[] medianStepMs(List<String> specs, List<? extends Tensor> params, int steps) {
        List<Optimizer> opts = new ArrayList<>();
        try (NoGrad ng = NoGrad.enter()) {
            for (String spec : specs) {
                opts.add(Optimizers.create(spec, seededCopies(params)));
            }
        }
        double[][] ms = new double[specs.size()][steps];
        for (int i = -3; i < steps; i++) {
            for (int k = 0; k < opts.size(); k++) {
                long t0 = System.nanoTime();
                try (TensorScope scope = TensorScope.open()) {
                    opts.get(k).step();
                }
                if (i >= 0) {
                    ms[k][i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double[] out = new double[specs.size()];
        for (int k = 0; k < out.length; k++) {
            Arrays.sort(ms[k]);
            out[k] = ms[k][steps / 2];
        }
        return out;
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
        List<String> specs = Arrays.asList(args).subList(3, args.length);
        double[] medians = medianStepMs(specs, params, steps);
        for (int k = 3; k < args.length; k++) {
            double ms = medians[k - 3];
            System.out.printf("{\"impl\":\"trainkit\",\"model\":\"%s\",\"optimizer\":\"%s\",\"tensors\":%d,\"numel\":%d,"
                    + "\"threads\":%d,\"steps\":%d,\"median_ms\":%.3f}%n", args[0], args[k].replace("\"", "'"),
                    params.size(), numel, Torch.numThreads(), steps, ms);
        }
    }
}
