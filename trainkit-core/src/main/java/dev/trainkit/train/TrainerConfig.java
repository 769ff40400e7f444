package dev.trainkit.train;

import dev.trainkit.metrics.Metric;
import dev.trainkit.amp.Precision;
import dev.trainkit.dist.ProcessGroup;
import dev.trainkit.nn.loss.LossFunction;
import dev.trainkit.tensor.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The resolved, immutable configuration of a {@link Trainer}: every setting typed and checked
 * once, when {@link TrainerBuilder#build()} runs. Spec strings are parsed then (optimizer,
 * scheduler, loss), the precision is a {@link Precision}, and each scheduler knows its interval
 * and monitored metric. A builder reused after {@code build()} never changes a trainer already
 * built. {@link #toMap()} is what a run directory's {@code config.json} and a checkpoint's
 * {@code hyper_parameters} hold.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder().maxEpochs(3).optimizer("SGD(lr=0.1)").loss("CrossEntropyLoss()").build();
 * TrainerConfig c = t.config();
 * c.maxEpochs();        // 3
 * c.precision();        // Precision.FP32
 * c.toMap();            // {max_epochs=3, ..., optimizer=SGD(lr=0.1), ...}
 * }</pre>
 *
 * <p>Lightning equivalent: the arguments of {@code pl.Trainer(...)} plus the module's
 * {@code configure_optimizers}, resolved once at construction.
 */
public final class TrainerConfig {
    private final int maxEpochs;
    private final long maxSteps;
    private final LossFunction loss;
    private final String lossDescription;
    private final ModelOptimizerFactory optimizer;
    private final String optimizerDescription;
    private final List<SchedulerConfig> schedulers;
    private final double clipNorm;
    private final double clipValue;
    private final int accumulate;
    private final EmaConfig ema;
    private final dev.trainkit.vision.transforms.BatchTransform batchTransform;
    private final boolean trainAccuracy;
    private final boolean syncBatchNorm;
    private final boolean nanGuard;
    private final List<String> freeze;
    private final boolean freezeBatchNormStats;
    private final Precision precision;
    private final Device device;
    private final Long seed;
    private final List<Supplier<Metric>> metrics;
    private final List<Callback> callbacks;
    private final Path runDir;
    private final CheckpointPolicy checkpointing;
    private final boolean progress;
    private final int logEveryNSteps;
    private final CheckpointStore checkpointStore;
    private final Map<String, Object> extraConfig;
    private final ProcessGroup processGroup;

    TrainerConfig(TrainerBuilder b) {
        maxEpochs = b.maxEpochs;
        maxSteps = b.maxSteps;
        loss = b.loss;
        lossDescription = b.lossDescription;
        optimizer = b.optimizer;
        optimizerDescription = b.optimizerDescription;
        schedulers = List.copyOf(b.schedulers);
        clipNorm = b.clipNorm;
        clipValue = b.clipValue;
        accumulate = b.accumulate;
        ema = b.ema;
        batchTransform = b.batchTransform;
        trainAccuracy = b.trainAccuracy;
        syncBatchNorm = b.syncBatchNorm;
        nanGuard = b.nanGuard;
        freeze = List.copyOf(b.freeze);
        freezeBatchNormStats = b.freezeBatchNormStats;
        precision = b.precision;
        device = b.device;
        seed = b.seed;
        metrics = List.copyOf(b.metrics);
        callbacks = List.copyOf(b.callbacks);
        runDir = b.runDir;
        checkpointing = b.checkpointing;
        progress = b.progress;
        logEveryNSteps = b.logEveryNSteps;
        checkpointStore = b.checkpointStore;
        extraConfig = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraConfig));
        processGroup = b.processGroup;
        if (syncBatchNorm && processGroup == null) {
            throw new IllegalStateException("Trainer: syncBatchNorm (--sync-bn) needs a process group: train "
                    + "distributed (builder().distributed(pg), or --nproc N with N > 1)");
        }
        if (checkpointing.needsRunDir() && runDir == null) {
            throw new IllegalStateException("Trainer: " + checkpointing.whatNeedsRunDir()
                    + " needs a runDir to write checkpoints into");
        }
        if (precision.usesGradScaler() && precision.isTrueHalf() && clipNorm + clipValue > 0) {
            throw new IllegalArgumentException("Trainer: gradient clipping is not supported with precision 16-true "
                    + "(its gradients are loss-scaled inside HalfPrecision); use 16-mixed or bf16-true");
        }
        if (processGroup != null && precision.isTrueHalf()) {
            throw new IllegalArgumentException("Trainer: distributed training does not support precision "
                    + precision.lightningName() + " (its fp32 master weights live outside DistributedDataParallel); "
                    + "use bf16-mixed or 16-mixed");
        }
    }

    /** Epochs to train ({@code max_epochs}). */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** Optimizer steps after which training stops, or -1 ({@code max_steps}). */
    public long maxSteps() {
        return maxSteps;
    }

    /** The loss, or null when none was configured ({@code fit} then refuses to start). */
    public LossFunction loss() {
        return loss;
    }

    /** The loss's spec string or class name. */
    public String lossDescription() {
        return lossDescription;
    }

    /** Builds the optimizer when fit starts; null when none was configured. */
    public ModelOptimizerFactory optimizer() {
        return optimizer;
    }

    /** The optimizer's spec string, or {@code custom}. */
    public String optimizerDescription() {
        return optimizerDescription;
    }

    /** The schedulers, in the order configured. */
    public List<SchedulerConfig> schedulers() {
        return schedulers;
    }

    /** Maximum global gradient norm, 0 for none ({@code gradient_clip_val}). */
    public double gradientClipNorm() {
        return clipNorm;
    }

    /** Maximum absolute gradient element, 0 for none. */
    public double gradientClipValue() {
        return clipValue;
    }

    /** Batches whose gradients are summed per optimizer step ({@code accumulate_grad_batches}). */
    public int accumulateGradBatches() {
        return accumulate;
    }

    /** EMA decay of the weights (as configured), or null when EMA is off. */
    public Double emaDecay() {
        return ema == null ? null : ema.decay();
    }

    /** How the EMA of the weights is kept, or null when EMA is off. */
    public EmaConfig ema() {
        return ema;
    }

    /** The transform of training batches (MixUp/CutMix), or null. */
    public dev.trainkit.vision.transforms.BatchTransform batchTransform() {
        return batchTransform;
    }

    /** Whether BatchNorm layers become SyncBatchNorm when fit starts. */
    public boolean syncBatchNorm() {
        return syncBatchNorm;
    }

    /** Whether the epoch metrics include {@code train_acc}. */
    public boolean trainAccuracy() {
        return trainAccuracy;
    }

    /** Whether the built-in NaN/Inf guard is on. */
    public boolean nanGuard() {
        return nanGuard;
    }

    /** Globs of the modules and parameters frozen when fit starts. */
    public List<String> freeze() {
        return freeze;
    }

    /** Whether frozen modules' BatchNorm statistics are locked too. */
    public boolean freezeBatchNormStats() {
        return freezeBatchNormStats;
    }

    /** The precision. */
    public Precision precision() {
        return precision;
    }

    /** The device. */
    public Device device() {
        return device;
    }

    /** The seed set when fit starts, or null. */
    public Long seed() {
        return seed;
    }

    /** Factories of the validation and test metrics. */
    public List<Supplier<Metric>> metrics() {
        return metrics;
    }

    /** The user's callbacks, in the order added (the built-in ones are added by fit). */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The run directory, or null. */
    public Path runDir() {
        return runDir;
    }

    /** When and which checkpoints are written. */
    public CheckpointPolicy checkpointing() {
        return checkpointing;
    }

    /** Whether the built-in progress reporter is on. */
    public boolean progress() {
        return progress;
    }

    /** Plain progress lines every this many steps when not on a terminal. */
    public int logEveryNSteps() {
        return logEveryNSteps;
    }

    /** How checkpoints are stored. */
    public CheckpointStore checkpointStore() {
        return checkpointStore;
    }

    /** The process group of a data-parallel run, or null. */
    public ProcessGroup processGroup() {
        return processGroup;
    }

    /** Extra entries of config.json (e.g. the data source and model spec from the CLI). */
    public Map<String, Object> extraConfig() {
        return extraConfig;
    }

    /** The configuration as plain data (written to config.json and checkpoints). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_epochs", maxEpochs);
        m.put("max_steps", maxSteps);
        m.put("loss", lossDescription);
        m.put("optimizer", optimizerDescription);
        List<Map<String, Object>> s = new ArrayList<>();
        for (SchedulerConfig c : schedulers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("scheduler", c.description());
            e.put("interval", c.interval().name().toLowerCase(Locale.ROOT));
            e.put("monitor", c.monitor());
            s.add(e);
        }
        m.put("schedulers", s);
        m.put("gradient_clip_norm", clipNorm == 0 ? null : clipNorm);
        m.put("gradient_clip_value", clipValue == 0 ? null : clipValue);
        m.put("accumulate_grad_batches", accumulate);
        m.put("sync_batch_norm", syncBatchNorm);
        m.put("ema_decay", emaDecay());
        if (ema != null) {
            m.put("ema", ema.toMap());
        }
        if (batchTransform != null) {
            m.put("batch_transform", batchTransform.toString());
        }
        m.put("nan_guard", nanGuard);
        m.put("freeze", freeze);
        m.put("freeze_batch_norm_stats", freezeBatchNormStats);
        m.put("precision", precision.lightningName());
        m.put("device", device.toString());
        m.put("seed", seed);
        m.putAll(checkpointing.toMap());
        m.put("world_size", processGroup == null ? 1 : processGroup.worldSize());
        m.put("callbacks", callbacks.stream().map(c -> c.getClass().getSimpleName()).toList());
        m.putAll(extraConfig);
        return m;
    }
}
