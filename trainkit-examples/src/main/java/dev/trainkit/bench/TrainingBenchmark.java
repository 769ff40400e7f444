package dev.trainkit.bench;

import dev.trainkit.amp.Autocast;
import dev.trainkit.amp.AutocastDisabled;
import dev.trainkit.amp.GradScaler;
import dev.trainkit.amp.HalfPrecision;
import dev.trainkit.amp.Precision;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times full training steps of a zoo model on random data, the measurement behind
 * {@code trainkit bench}: per step {@code zero_grad(set_to_none)}, forward and CrossEntropyLoss
 * (under autocast in the {@code -mixed} precisions), backward (scaled in {@code 16-mixed}), and
 * the optimizer step, all inside one {@link TensorScope}. The {@code -true} precisions train the
 * half model through {@link HalfPrecision} (fp32 master weights).
 *
 * <pre>{@code
 * Map<String, Object> r = TrainingBenchmark.run(new BenchSettings("resnet18", 32, 112, 10,
 *         Precision.FP32, 20, 3, 0, true, BenchSettings.DEFAULT_OPTIMIZER));
 * double msPerStep = (double) r.get("ms_per_step");   // median over the timed steps
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code tools/bench/bench_pytorch.py}, the same loop in Python.
 */
public final class TrainingBenchmark {
    /** Whether the channels_last fallback has been reported (once per process). */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    static final String[] PHASES = {"forward_ms", "backward_ms", "optimizer_ms", "scope_close_ms"};

    private TrainingBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @return {@code ms_per_step} (median), {@code samples_per_s}, {@code peak_rss_mb}, then
     *     percentiles, per-phase medians, the settings, libtorch's version and the final loss
     */
    public static Map<String, Object> run(BenchSettings s) {
        if (s.threads() > 0) {
            Torch.setNumThreads(s.threads());
        }
        Torch.manualSeed(0);
        Step step = prepare(s);
        Precision p = s.precision();
        for (int i = 0; i < s.warmup(); i++) {
            step.run(null);
        }
        double[] total = new double[s.steps()];
        double[][] phases = new double[PHASES.length][s.steps()];
        double[] phase = new double[PHASES.length];
        long faults0 = ProcessMemory.minorFaults();
        long cpu0 = ProcessMemory.cpuNanos();
        for (int i = 0; i < s.steps(); i++) {
            long t0 = System.nanoTime();
            step.run(phase);
            total[i] = (System.nanoTime() - t0) / 1e6;
            for (int k = 0; k < PHASES.length; k++) {
                phases[k][i] = phase[k];
            }
        }
        long faults = ProcessMemory.minorFaults() - faults0;
        long cpu = ProcessMemory.cpuNanos() - cpu0;
        double median = percentile(total, 0.5);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ms_per_step", median);
        out.put("samples_per_s", s.batch() * 1000.0 / median);
        out.put("peak_rss_mb", ProcessMemory.peakRssMb());
        out.put("ms_p10", percentile(total, 0.1));
        out.put("ms_p90", percentile(total, 0.9));
        out.put("ms_min", percentile(total, 0.0));
        Map<String, Object> ph = new LinkedHashMap<>();
        for (int k = 0; k < PHASES.length; k++) {
            ph.put(PHASES[k], percentile(phases[k], 0.5));
        }
        out.put("phases", ph);
        // CPU time of the whole process (all threads) per timed step, mean: what a step costs
        // without the waiting a loaded machine adds to the wall clock
        out.put("cpu_ms_per_step", cpu0 < 0 ? -1 : cpu / 1e6 / s.steps());
        // first touches of fresh pages per timed step: memory the allocator handed back to the
        // kernel and took again (each costs a trap into the kernel and a page clear)
        out.put("page_faults_per_step", faults0 < 0 ? -1 : faults / (double) s.steps());
        out.put("model", s.modelSpec());
        out.put("batch", s.batch());
        out.put("image_size", s.imageSize());
        out.put("num_classes", s.numClasses());
        out.put("precision", p.lightningName());
        out.put("optimizer", s.optimizer());
        out.put("steps", s.steps());
        out.put("warmup", s.warmup());
        out.put("threads", Torch.numThreads());
        out.put("channels_last", channelsLast(s));
        out.put("fp32_modules", s.fp32Modules());
        out.put("final_loss", step.lastLoss);
        // libtorch's version, kernel level, threads, the CPU flags and the native environment
        out.putAll(LibtorchConfig.describe());
        return out;
    }

    /**
     * Whether the step runs in channels_last: as {@code s} asks, unless libtorch's channels_last
     * path is wrong on this CPU ({@link MemoryFormats#reliable()}), when it runs NCHW and says so.
     */
    static boolean channelsLast(BenchSettings s) {
        if (s.channelsLast() && !MemoryFormats.reliable()) {
            if (WARNED.compareAndSet(false, true)) {
                System.err.printf("bench: channels_last off: libtorch's channels_last ResNet-18 differs from NCHW by"
                        + " %.2g (relative) on this CPU; running NCHW%n", MemoryFormats.probeDifference());
            }
            return false;
        }
        return s.channelsLast();
    }

    /**
     * The model, optimizer, scaler and random batch of {@code s}, ready to step; uses the current
     * random state and thread count.
     */
    static Step prepare(BenchSettings s) {
        boolean channelsLast = channelsLast(s);
        Module model = Models.create(s.modelSpec());
        model.train();
        Precision p = s.precision();
        if (p.isMixed()) {
            for (String target : s.fp32Modules()) {
                AutocastDisabled.wrap(model, target, Device.CPU);
            }
        }
        if (channelsLast) {
            MemoryFormats.toChannelsLast(model);
        }
        Optimizer opt;
        HalfPrecision half = null;
        if (p.isTrueHalf()) {
            half = HalfPrecision.wrap(model, p, masters -> Optimizers.create(s.optimizer(), masters));
            opt = half.optimizer();
            if (channelsLast) {
                MemoryFormats.toChannelsLast(model); // the cast to half gave contiguous copies
            }
        } else {
            opt = Optimizers.create(s.optimizer(), model.parameters());
        }
        GradScaler scaler = p.isTrueHalf() ? null : p.newGradScaler();
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Tensor x = Torch.randn(s.batch(), 3, s.imageSize(), s.imageSize());
        if (p.isTrueHalf()) {
            x = x.to(p.paramDtype());
        }
        if (channelsLast) {
            x = MemoryFormats.channelsLast(x);
        }
        Tensor y = Torch.randint(0, s.numClasses(), s.batch());

        return new Step(model, opt, half, scaler, lossFn, p, x, y);
    }

    /** Nearest-rank percentile of {@code values} (0 ≤ q ≤ 1); the array is not modified. */
    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.round(q * (v.length - 1));
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    /** One training step with its parts timed. */
    static final class Step {
        final Module model;
        final Optimizer opt;
        final HalfPrecision half;
        final GradScaler scaler;
        final CrossEntropyLoss lossFn;
        final Precision precision;
        final Tensor x;
        final Tensor y;
        double lastLoss = Double.NaN;

        Step(Module model, Optimizer opt, HalfPrecision half, GradScaler scaler, CrossEntropyLoss lossFn,
                Precision precision, Tensor x, Tensor y) {
            this.model = model;
            this.opt = opt;
            this.half = half;
            this.scaler = scaler;
            this.lossFn = lossFn;
            this.precision = precision;
            this.x = x;
            this.y = y;
        }

        /** Runs one step; fills {@code phaseMs} (forward, backward, optimizer, scope close) if non-null. */
        void run(double[] phaseMs) {
            long t0 = System.nanoTime();
            long t1;
            long t2;
            long t3;
            TensorScope scope = TensorScope.open();
            try {
                Tensor loss;
                if (half != null) {
                    half.zeroGrad();
                    loss = lossFn.forward(model.forward(x), y);
                    t1 = System.nanoTime();
                    half.backward(loss);
                    t2 = System.nanoTime();
                    half.step();
                } else {
                    opt.zeroGrad();
                    try (Autocast ac = precision.autocast(Device.CPU)) {
                        loss = lossFn.forward(model.forward(x), y);
                    }
                    t1 = System.nanoTime();
                    scaler.scale(loss).backward();
                    t2 = System.nanoTime();
                    scaler.step(opt);
                    scaler.update();
                }
                t3 = System.nanoTime();
                lastLoss = loss.item();
            } finally {
                scope.close();
            }
            long t4 = System.nanoTime();
            if (phaseMs != null) {
                phaseMs[0] = (t1 - t0) / 1e6;
                phaseMs[1] = (t2 - t1) / 1e6;
                phaseMs[2] = (t3 - t2) / 1e6;
                phaseMs[3] = (t4 - t3) / 1e6;
            }
        }
    }
}
