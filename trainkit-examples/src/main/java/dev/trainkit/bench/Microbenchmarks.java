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

    /** Warm-up of {@link #addOverhead}: at least this long, and past one garbage collection. */
    static final double WARMUP_SECONDS = 3;
    /** Upper bound of the warm-up, for a JVM whose heap is so large that no collection comes. */
    static final double WARMUP_MAX_SECONDS = 30;

    /**
     * Times {@code n} additions of two 4-element float32 tensors (the result discarded each
     * step, inside a scope per 1,000 ops), as {@code tools/bench/ops_overhead.py} does in Python.
     *
     * <p>Two figures: the first {@code n} ops after start-up ({@code first_round_*}: the JIT is
     * still compiling and every new object lands on a page of the Java heap the process touches
     * for the first time, a page fault each), and the steady state of a long-running process (5
     * rounds after a warm-up of {@value #WARMUP_SECONDS} s that also lasts until one garbage
     * collection has passed, i.e. until the young generation's pages have all been touched once).
     * Training runs millions of ops, so the steady state is the per-op cost that matters there.
     *
     * @return {@code us_per_op}, {@code us_per_op_min}, {@code cpu_us_per_op} (steady state,
     *     median/min of 5 rounds), {@code page_faults_per_op}, {@code first_round_us_per_op},
     *     {@code first_round_cpu_us_per_op}, {@code warmup_s}, {@code warmup_gcs} and {@code ops}
     */
    public static Map<String, Object> addOverhead(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ops: expected >= 1, got " + n);
        }
        Tensor a = Torch.ones(4);
        Tensor b = Torch.ones(4);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        runAdds(a, b, n);
        double firstWall = (System.nanoTime() - t0) / 1e3 / n;
        double firstCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        long gcs0 = gcCount();
        long w0 = System.nanoTime();
        double warm;
        do {
            runAdds(a, b, n);
            warm = (System.nanoTime() - w0) / 1e9;
        } while (warm < WARMUP_MAX_SECONDS && (warm < WARMUP_SECONDS || gcCount() == gcs0));
        long warmupGcs = gcCount() - gcs0;
        List<Double> rounds = new ArrayList<>();
        List<Double> cpuRounds = new ArrayList<>();
        long faults0 = ProcessMemory.minorFaults();
        for (int r = 0; r < 5; r++) {
            c0 = mx.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            runAdds(a, b, n);
            rounds.add((System.nanoTime() - t0) / 1e3 / n);
            cpuRounds.add((mx.getCurrentThreadCpuTime() - c0) / 1e3 / n);
        }
        long faults = ProcessMemory.minorFaults() - faults0;
        rounds.sort(null);
        cpuRounds.sort(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ops", n);
        out.put("us_per_op", rounds.get(2));
        out.put("us_per_op_min", rounds.get(0));
        // this thread's CPU time: what the op costs, without the time a loaded machine makes it wait
        out.put("cpu_us_per_op", cpuRounds.get(2));
        out.put("page_faults_per_op", faults0 < 0 ? -1 : faults / (5.0 * n));
        out.put("first_round_us_per_op", firstWall);
        out.put("first_round_cpu_us_per_op", firstCpu);
        out.put("warmup_s", warm);
        out.put("warmup_gcs", warmupGcs);
        return out;
    }

    private static long gcCount() {
        long count = 0;
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
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
     * <p>Beside the process's resident memory, each sample records what it is made of: the
     * native objects JavaCPP owns ({@code native_objects}, tensors and their temporaries; a leak
     * makes it grow with the steps) and the Java heap's committed size. Resident memory can rise
     * for a while without a leak: the JVM touches the pages of its young generation for the first
     * time (hundreds of MB by default on a large machine) before it starts reusing them; a capped
     * heap ({@code -Xmx64m}) keeps it flat.
     *
     * @return {@code rss_mb}, {@code native_objects} and {@code heap_committed_mb} samples,
     *     the number of garbage collections during the loop ({@code gcs}), {@code steps},
     *     {@code final_loss} and {@code ms_per_step}
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
        List<Long> nativeObjects = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        java.lang.management.MemoryMXBean mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        double lastLoss = Double.NaN;
        int every = steps / 10;
        long gcs0 = gcCount();
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
                nativeObjects.add(org.bytedeco.javacpp.Pointer.totalCount());
                heap.add(Math.round(mem.getHeapMemoryUsage().getCommitted() / 1048576.0 * 10) / 10.0);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", steps);
        out.put("rss_mb", rss);
        out.put("native_objects", nativeObjects);
        out.put("heap_committed_mb", heap);
        // no collection yet means every new Java object still lands on a page touched for the first time
        out.put("gcs", gcCount() - gcs0);
        out.put("final_loss", lastLoss);
        out.put("ms_per_step", ms);
        return out;
    }
}
