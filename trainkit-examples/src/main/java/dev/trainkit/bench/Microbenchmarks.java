package dev.trainkit.bench;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Foundation micro-benchmarks behind {@code trainkit microbench}: per-op overhead of small tensor
 * ops, and resident memory over a long training loop with one {@link TensorScope} per step.
 * Results are maps of plain numbers so the CLI can print them as a table or JSON.
 */
public final class Microbenchmarks {
    private Microbenchmarks() {
    }

    /**
     * Times {@code n} additions of two 4-element float32 tensors (the result discarded each
     * step, inside a scope per 1,000 ops), after a warm-up of the same size.
     *
     * @return {@code us_per_op} (median of 5 rounds) and {@code ops}
     */
    public static Map<String, Object> addOverhead(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ops: expected >= 1, got " + n);
        }
        Tensor a = Torch.ones(4);
        Tensor b = Torch.ones(4);
        runAdds(a, b, n);
        List<Double> rounds = new ArrayList<>();
        List<Double> cpuRounds = new ArrayList<>();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < 5; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            runAdds(a, b, n);
            rounds.add((System.nanoTime() - t0) / 1e3 / n);
            cpuRounds.add((mx.getCurrentThreadCpuTime() - c0) / 1e3 / n);
        }
        rounds.sort(null);
        cpuRounds.sort(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ops", n);
        out.put("us_per_op", rounds.get(2));
        out.put("us_per_op_min", rounds.get(0));
        // this thread's CPU time: what the op costs, without the time a loaded machine makes it wait
        out.put("cpu_us_per_op", cpuRounds.get(2));
        return out;
    }

    private static void runAdds(Tensor a, Tensor b, int n) {
        int done = 0;
        while (done < n) {
            try (TensorScope scope = TensorScope.open()) {
                int chunk = Math.min(1000, n - done);
                for (int i = 0; i < chunk; i++) {
                    a.add(b);
                }
                done += chunk;
            }
        }
    }

    /**
     * Trains a 784-256-10 MLP with plain SGD on a fixed random batch of 64 for {@code steps}
     * steps, one scope per step, sampling resident memory every {@code steps/10} steps.
     *
     * @return {@code rss_mb} samples, {@code steps}, {@code final_loss} and {@code ms_per_step}
     */
    public static Map<String, Object> trainingLoopMemory(int steps) {
        if (steps < 10) {
            throw new IllegalArgumentException("steps: expected >= 10, got " + steps);
        }
        Torch.manualSeed(0);
        Module model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
        Tensor x = Torch.randn(64, 784);
        Tensor y = Torch.randint(0, 10, 64);
        Tensor target = Torch.oneHot(y, 10).to(dev.trainkit.tensor.DType.FLOAT32);
        List<Parameter> params = model.parameters();
        List<Double> rss = new ArrayList<>();
        double lastLoss = Double.NaN;
        int every = steps / 10;
        long t0 = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                model.zeroGrad();
                Tensor loss = model.forward(x).sub(target).pow(2).mean();
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Parameter p : params) {
                        p.add_(p.grad(), -0.05);
                    }
                }
                lastLoss = loss.item();
            }
            if (step % every == 0 || step == steps - 1) {
                rss.add(Math.round(ProcessMemory.rssMb() * 10) / 10.0);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", steps);
        out.put("rss_mb", rss);
        out.put("final_loss", lastLoss);
        out.put("ms_per_step", ms);
        return out;
    }
}
