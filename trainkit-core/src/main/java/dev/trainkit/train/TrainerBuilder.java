package dev.trainkit.train;

import dev.trainkit.metrics.Metric;
import dev.trainkit.amp.Precision;
import dev.trainkit.dist.ProcessGroup;
import dev.trainkit.nn.loss.LossFunction;
import dev.trainkit.nn.loss.Losses;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.OptimizerSpec;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.optim.lr.SchedulerTraits;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sets up a {@link Trainer} fluently; {@link #build()} resolves the settings into an immutable
 * {@link TrainerConfig} held by the trainer.
 * Names follow Lightning's {@code Trainer(...)} arguments where they exist.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .maxEpochs(10)                                        // max_epochs=10
 *         .loss("CrossEntropyLoss(label_smoothing=0.1)")
 *         .optimizer("AdamW(lr=1e-3, weight_decay=0.05)")
 *         .scheduler("OneCycleLR(max_lr=1e-2)", Interval.STEP)  // total_steps filled in
 *         .gradientClipVal(1.0)                                 // gradient_clip_val=1.0 (norm)
 *         .accumulateGradBatches(2)                             // accumulate_grad_batches=2
 *         .precision("bf16-mixed")                              // precision="bf16-mixed"
 *         .metrics(() -> new TopKAccuracy(1))
 *         .runDir(Path.of("runs/exp1"))
 *         .build();
 * }</pre>
 */
public final class TrainerBuilder {
    int maxEpochs = 1;
    long maxSteps = -1;
    LossFunction loss;
    String lossDescription;
    ModelOptimizerFactory optimizer;
    String optimizerDescription;
    final List<SchedulerConfig> schedulers = new ArrayList<>();
    double clipNorm;
    double clipValue;
    int accumulate = 1;
    EmaConfig ema;
    dev.trainkit.vision.transforms.BatchTransform batchTransform;
    boolean trainAccuracy;
    boolean syncBatchNorm;
    boolean nanGuard = true;
    final List<String> freeze = new ArrayList<>();
    boolean freezeBatchNormStats;
    Precision precision = Precision.FP32;
    Device device = Device.CPU;
    Long seed = 0L;
    final List<Supplier<Metric>> metrics = new ArrayList<>();
    final List<Callback> callbacks = new ArrayList<>();
    Path runDir;
    CheckpointPolicy checkpointing = CheckpointPolicy.lastEachEpoch();
    boolean progress = true;
    int logEveryNSteps = 50;
    CheckpointStore checkpointStore = new ZipCheckpointStore();
    final Map<String, Object> extraConfig = new LinkedHashMap<>();
    ProcessGroup processGroup;

    TrainerBuilder() {
    }

    /** Epochs to train ({@code max_epochs}); default 1. */
    public TrainerBuilder maxEpochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxEpochs: expected >= 1, got " + n);
        }
        maxEpochs = n;
        return this;
    }

    /** Stop after this many optimizer steps ({@code max_steps}); -1 for no limit. */
    public TrainerBuilder maxSteps(long n) {
        if (n < -1 || n == 0) {
            throw new IllegalArgumentException("maxSteps: expected -1 (no limit) or >= 1, got " + n);
        }
        maxSteps = n;
        return this;
    }

    /** The loss: a {@code Loss} module or any {@link LossFunction} lambda. */
    public TrainerBuilder loss(LossFunction fn) {
        loss = Objects.requireNonNull(fn, "loss");
        lossDescription = fn.getClass().getSimpleName();
        return this;
    }

    /** The loss from a spec, e.g. {@code CrossEntropyLoss(label_smoothing=0.1)}. */
    public TrainerBuilder loss(String spec) {
        loss = Losses.create(spec);
        lossDescription = spec;
        return this;
    }

    /**
     * The optimizer, built when {@code fit} starts over the model's parameters (over their fp32
     * master copies in {@code bf16-true}/{@code 16-true}), e.g. {@code params -> new SGD(params, Map.of("lr", 0.1))}.
     */
    public TrainerBuilder optimizer(Function<List<Tensor>, Optimizer> factory) {
        Objects.requireNonNull(factory, "optimizer");
        return optimizer((model, params) -> factory.apply(params));
    }

    /**
     * The optimizer, built when {@code fit} starts by a factory that sees the model, so groups can
     * be chosen by module name: {@code (model, params) -> ParamGroups.discriminative(...)}.
     */
    public TrainerBuilder optimizer(ModelOptimizerFactory factory) {
        optimizer = Objects.requireNonNull(factory, "optimizer");
        optimizerDescription = "custom";
        return this;
    }

    /** The optimizer from a spec over all the model's parameters, e.g. {@code SGD(lr=0.1, momentum=0.9)}. */
    public TrainerBuilder optimizer(String spec) {
        OptimizerSpec parsed = Optimizers.parse(spec); // parsed and checked once, without natives
        optimizer = (model, params) -> Optimizers.create(parsed.name(), parsed.overrides(), params);
        optimizerDescription = spec;
        return this;
    }

    /** Adds a scheduler built by {@code factory}, stepped per {@code interval}. */
    public TrainerBuilder scheduler(Function<Optimizer, LRScheduler> factory, Interval interval) {
        schedulers.add(new SchedulerConfig(Objects.requireNonNull(factory, "scheduler"), null,
                Objects.requireNonNull(interval, "interval"), null, "custom"));
        return this;
    }

    /**
     * Adds a scheduler from a spec, stepped as its registry entry says: per optimizer step for
     * schedules defined in steps ({@code OneCycleLR}, {@code CyclicLR}, or a wrapper around one),
     * per epoch otherwise; a metric-driven one ({@code ReduceLROnPlateau}, or {@code WarmupLR}
     * around it) is fed {@code val_loss}. {@code OneCycleLR} without {@code total_steps} or
     * {@code epochs} gets the run's length.
     */
    public TrainerBuilder scheduler(String spec) {
        SchedulerTraits t = Schedulers.traits(spec);
        return scheduler(spec, t.stepsPerBatch() ? Interval.STEP : Interval.EPOCH, t.needsMetric() ? "val_loss" : null);
    }

    /**
     * Adds a scheduler from a spec, stepped per {@code interval}. {@code OneCycleLR} without
     * {@code total_steps}/{@code epochs} gets the run's total optimizer steps (or epochs, with
     * {@link Interval#EPOCH}). A metric-driven scheduler is fed {@code val_loss}; see
     * {@link #scheduler(String, Interval, String)}.
     */
    public TrainerBuilder scheduler(String spec, Interval interval) {
        return scheduler(spec, interval, "val_loss");
    }

    /** Adds a scheduler from a spec; a metric-driven one steps with metric {@code monitor}. */
    public TrainerBuilder scheduler(String spec, Interval interval, String monitor) {
        SpecCall call = SpecParser.parse(spec);
        // unknown names and keywords fail here, not in fit (values are checked against the real
        // optimizer's groups when fit builds it)
        Schedulers.registry().bind(call);
        if (Schedulers.traits(call).needsMetric() && (monitor == null || monitor.isBlank())) {
            throw new IllegalArgumentException(call.name() + " steps with a monitored metric; name one, e.g. val_loss");
        }
        schedulers.add(new SchedulerConfig(null, call, Objects.requireNonNull(interval, "interval"), monitor, spec));
        return this;
    }

    /** Clips the global gradient norm to {@code maxNorm} before each step ({@code gradient_clip_val}, norm). */
    public TrainerBuilder gradientClipVal(double maxNorm) {
        clipNorm = positive("gradientClipVal", maxNorm);
        return this;
    }

    /** Clamps each gradient element to [-v, v] ({@code gradient_clip_algorithm="value"}). */
    public TrainerBuilder gradientClipValue(double v) {
        clipValue = positive("gradientClipValue", v);
        return this;
    }

    /** Sums gradients over {@code n} batches per optimizer step ({@code accumulate_grad_batches}). */
    public TrainerBuilder accumulateGradBatches(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("accumulateGradBatches: expected >= 1, got " + n);
        }
        accumulate = n;
        return this;
    }

    /**
     * Keeps an exponential moving average of the weights, updated after every optimizer step, and
     * validates with it swapped in (timm's {@code ModelEmaV2(decay)}, {@link EmaConfig#of}); the
     * run directory gets {@code model_ema.pth} beside the trained weights.
     */
    public TrainerBuilder ema(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("ema: decay must be in (0, 1), got " + decay);
        }
        ema = EmaConfig.of(decay);
        return this;
    }

    /**
     * Keeps an exponential moving average of the weights as {@code config} says, e.g.
     * {@link EmaConfig#torchvision} ({@code train.py --model-ema}: {@code val_*} and
     * {@code ema_val_*}) or timm V3's warm-up; null turns it off. See {@link ModelEmaCallback}.
     */
    public TrainerBuilder modelEma(EmaConfig config) {
        ema = config;
        return this;
    }

    /**
     * Transforms every training batch after collation (never validation batches), e.g.
     * {@code MixupCutmix.of(numClasses, 0.2, 1.0)}: the model sees the mixed images and the loss
     * the soft targets {@code [N, num_classes]} (torchvision's reference {@code collate_fn}); the
     * batch's labels must be int64 class indices. Its draws come from a stream seeded by the
     * trainer's seed, the rank, the epoch and the batch index, so a resumed run mixes exactly as an
     * uninterrupted one; null turns it off. Turns {@link #trainAccuracy} on.
     */
    public TrainerBuilder batchTransform(dev.trainkit.vision.transforms.BatchTransform transform) {
        batchTransform = transform;
        if (transform != null) {
            trainAccuracy = true;
        }
        return this;
    }

    /**
     * Whether the epoch metrics include {@code train_acc}: top-1 accuracy on the training batches
     * as the model saw them, against the arg-max of soft targets (torchvision's reference
     * {@code utils.accuracy}, {@code target.max(dim=1)[1]}); default off.
     */
    public TrainerBuilder trainAccuracy(boolean on) {
        trainAccuracy = on;
        return this;
    }

    /** Whether a non-finite loss or gradient norm stops training (default on). */
    public TrainerBuilder nanGuard(boolean on) {
        nanGuard = on;
        return this;
    }

    /** Freezes parameters matching these globs over module and parameter names (e.g. {@code layer1.*}, {@code conv1}), {@link dev.trainkit.nn.finetune.Freezer}. */
    public TrainerBuilder freeze(List<String> patterns) {
        patterns.forEach(dev.trainkit.nn.finetune.ModuleGlob::compile);
        freeze.addAll(patterns);
        return this;
    }

    /**
     * With {@link #freeze}: also locks the BatchNorm layers of the frozen modules in eval mode, so
     * that their running statistics stay frozen too (Lightning's
     * {@code BaseFinetuning.freeze(modules, train_bn=False)}); {@link GradualUnfreezing} unlocks them
     * with their parameters. Default off (PyTorch's
     * plain {@code requires_grad_(False)} leaves BatchNorm statistics updating).
     */
    public TrainerBuilder freezeBatchNormStats(boolean on) {
        freezeBatchNormStats = on;
        return this;
    }

    /** Precision with Lightning's names: {@code 32}, {@code bf16-mixed}, {@code 16-mixed}, {@code bf16-true}, {@code 16-true}. */
    public TrainerBuilder precision(String p) {
        return precision(Precision.of(p));
    }

    /** The precision. */
    public TrainerBuilder precision(Precision p) {
        precision = Objects.requireNonNull(p, "precision");
        return this;
    }

    /** The device to train on ({@code cpu}, {@code cuda:0}). */
    public TrainerBuilder device(Device d) {
        device = Objects.requireNonNull(d, "device");
        return this;
    }

    /** Seeds libtorch when {@code fit} starts ({@code seed_everything(seed)}); null leaves the generator alone. */
    public TrainerBuilder seed(Long s) {
        seed = s;
        return this;
    }

    /** Metrics computed on validation and test batches (prefixed {@code val_}/{@code test_}). */
    @SafeVarargs
    public final TrainerBuilder metrics(Supplier<Metric>... factories) {
        metrics.addAll(List.of(factories));
        return this;
    }

    /** Adds a callback. */
    public TrainerBuilder callback(Callback cb) {
        callbacks.add(Objects.requireNonNull(cb, "callback"));
        return this;
    }

    /** Where metrics, plots, report.md, config.json and checkpoints go; null for none. */
    public TrainerBuilder runDir(Path dir) {
        runDir = dir;
        return this;
    }

    /** Writes {@code checkpoints/last.ckpt} every {@code n} optimizer steps (0: off). */
    public TrainerBuilder checkpointEveryNSteps(int n) {
        checkpointing = checkpointing.withEveryNSteps(n);
        return this;
    }

    /** Whether {@code checkpoints/last.ckpt} is written at the end of every epoch (default true). */
    public TrainerBuilder checkpointEachEpoch(boolean on) {
        checkpointing = checkpointing.withEachEpoch(on);
        return this;
    }

    /**
     * Keeps the {@code k} best checkpoints by {@code monitor} ({@code mode} {@code min} or
     * {@code max}) beside {@code last.ckpt}: {@code best.ckpt} resumes from the best epoch and
     * {@code best.pth} holds its weights ({@code ModelCheckpoint(save_top_k=k, monitor=..., mode=...)}).
     */
    public TrainerBuilder saveTopK(int k, String monitor, String mode) {
        checkpointing = checkpointing.withTopK(k, monitor, mode);
        return this;
    }

    /** Loads the best checkpoint's weights into the model when fit ends (needs {@link #saveTopK}). */
    public TrainerBuilder restoreBest(boolean on) {
        checkpointing = checkpointing.withRestoreBest(on);
        return this;
    }

    /** The whole checkpoint policy; {@link CheckpointPolicy#disabled()} turns built-in checkpointing off. */
    public TrainerBuilder checkpointing(CheckpointPolicy policy) {
        checkpointing = Objects.requireNonNull(policy, "checkpointing");
        return this;
    }

    /** Progress bar on a terminal, log lines otherwise (default on). */
    public TrainerBuilder progress(boolean on) {
        progress = on;
        return this;
    }

    /** Plain progress lines every {@code n} steps when not on a terminal ({@code log_every_n_steps}). */
    public TrainerBuilder logEveryNSteps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("logEveryNSteps: expected >= 1, got " + n);
        }
        logEveryNSteps = n;
        return this;
    }

    /** How checkpoints are stored (default {@link ZipCheckpointStore}). */
    public TrainerBuilder checkpointStore(CheckpointStore store) {
        checkpointStore = Objects.requireNonNull(store, "checkpointStore");
        return this;
    }

    /** Extra entries for config.json (e.g. the data source and model spec from the CLI). */
    public TrainerBuilder configEntry(String key, Object value) {
        extraConfig.put(key, value);
        return this;
    }

    /**
     * Trains data parallel as one rank of {@code pg} ({@code strategy="ddp"}): {@code fit} wraps
     * the model in a {@link dev.trainkit.dist.DistributedDataParallel} (rank 0's weights
     * everywhere), synchronizes gradients on every optimizer step (not on accumulation
     * micro-steps), averages the logged loss and the validation metrics over ranks (weighted
     * by each rank's sample count), and only rank 0 writes the run directory, checkpoints and
     * progress. Checkpoints hold the unwrapped model, so any world size can resume them. Give
     * every rank loaders with a {@link dev.trainkit.dist.DistributedSampler}; null trains alone.
     *
     * <pre>{@code
     * DistributedTraining.runWorker(pg -> {
     *     DataLoader<Sample, Batch> train = DataLoader.of(ds).batchSize(32)
     *             .sampler(DistributedSampler.of(ds.size(), pg, true, 0, false)).build();
     *     Trainer.builder().loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)")
     *             .distributed(pg).runDir(Path.of("runs/ddp")).build().fit(model, train, null);
     * });
     * }</pre>
     */
    public TrainerBuilder distributed(ProcessGroup pg) {
        processGroup = pg;
        return this;
    }

    /**
     * With {@link #distributed}: replaces the model's BatchNorm layers by
     * {@link dev.trainkit.dist.SyncBatchNorm}s over the process group when fit starts, sharing
     * their parameters and statistics ({@code torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)},
     * torchvision's {@code --sync-bn}). {@link #build()} refuses it without a process group.
     */
    public TrainerBuilder syncBatchNorm(boolean on) {
        syncBatchNorm = on;
        return this;
    }

    /**
     * The trainer, holding an immutable {@link TrainerConfig} resolved from this builder: later
     * changes to the builder do not affect it.
     *
     * @throws IllegalStateException or IllegalArgumentException for settings that do not go
     *     together (e.g. step checkpoints without a run directory)
     */
    public Trainer build() {
        return new Trainer(new TrainerConfig(this));
    }

    /**
     * A copy of {@code call} with the run's length filled in where the scheduler needs it and the
     * spec leaves it out: {@code OneCycleLR}'s {@code total_steps} (optimizer steps, or epochs with
     * {@link Interval#EPOCH}). The parsed spec itself is never changed.
     */
    static SpecCall withRunLength(SpecCall call, Interval interval, long totalSteps, int maxEpochs) {
        SpecCall c = new SpecCall(call.name(), call.args(), new LinkedHashMap<>(call.kwargs()));
        if (c.name().equals("OneCycleLR") && !c.kwargs().containsKey("total_steps") && !c.kwargs().containsKey("epochs")
                && c.args().size() < 2) {
            c.kwargs().put("total_steps", interval == Interval.STEP ? totalSteps : (long) maxEpochs);
        }
        return c;
    }

    private static double positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + ": expected a positive finite number, got " + v);
        }
        return v;
    }
}
