package dev.trainkit.train;

import dev.trainkit.amp.Precision;
import dev.trainkit.util.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains and evaluates a model: Lightning's {@code Trainer} for TrainKit modules. Configure it
 * with {@link #builder()}; {@link #fit} runs epochs of optimizer steps (one {@code TensorScope}
 * per step) with validation after each epoch, {@link #validate} and {@link #test} evaluate, and
 * {@link #lrFind} runs a learning-rate range test.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .maxEpochs(5).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1, momentum=0.9)")
 *         .scheduler("CosineAnnealingLR(T_max=5)", Interval.EPOCH)
 *         .metrics(() -> new TopKAccuracy(1)).runDir(Path.of("runs/exp1"))
 *         .build();
 * FitResult r = trainer.fit(model, trainLoader, valLoader);      // trainer.fit(model, train_dl, val_dl)
 * Map<String, Double> test = trainer.test(model, testLoader);    // trainer.test(model, test_dl)
 * trainer.fit(model, trainLoader, valLoader, Path.of("runs/exp1/checkpoints/last.ckpt"));  // ckpt_path=...
 * }</pre>
 *
 * <p>Per optimizer step: forward under the configured precision, loss divided by the number of
 * accumulated batches, backward; after the last batch of the window the NaN/Inf guard, gradient
 * clipping, callbacks' {@code onBeforeOptimizerStep}, {@code optimizer.step()},
 * {@code zeroGrad()}, the EMA update, step-interval schedulers, logging and checkpointing.
 * After each epoch: validation (with EMA weights when enabled), epoch-interval schedulers
 * ({@code ReduceLROnPlateau} with its monitored metric), callbacks, {@code last.ckpt}.
 * Resuming restores weights, optimizer, schedulers, EMA, callback states, the libtorch RNG and
 * the data position, so an interrupted run ends with the same weights as an uninterrupted one.
 */
public final class Trainer {
    private final TrainerConfig cfg;
    /** The context of the fit running now, for {@link #requestStop}; null between fits. */
    private volatile TrainContext running;
    private volatile String pendingStop;

    Trainer(TrainerConfig cfg) {
        this.cfg = cfg;
    }

    /** A new configuration. */
    public static TrainerBuilder builder() {
        return new TrainerBuilder();
    }

    /** Gradient accumulation factor. */
    public int accumulateGradBatches() {
        return cfg.accumulateGradBatches();
    }

    /** The resolved, immutable configuration ({@link TrainerConfig#toMap()} is what config.json holds). */
    public TrainerConfig config() {
        return cfg;
    }

    /**
     * Asks the running {@code fit} to stop: it finishes the current optimizer step, writes
     * {@code last.ckpt} at that step (with the built-in checkpointing), the metrics and the report,
     * and returns a {@link FitResult} with {@code interrupted() == true}. Safe to call from any
     * thread (e.g. a signal handler); a call before {@code fit} starts stops it at its first step.
     */
    public void requestStop(String reason) {
        pendingStop = reason == null ? "interrupted" : reason;
        TrainContext ctx = running;
        if (ctx != null) {
            ctx.interrupted = true;
            ctx.requestStop(pendingStop);
        }
    }

    /** Trains a classifier from scratch (see class doc); {@code val} may be null. */
    public FitResult fit(Module model, DataLoader<?, Batch> train, DataLoader<?, Batch> val) {
        return fit(model, train, val, BatchAdapter.classification(), null);
    }

    /** Trains a classifier, resuming from {@code checkpoint} when it is not null. */
    public FitResult fit(Module model, DataLoader<?, Batch> train, DataLoader<?, Batch> val, Path checkpoint) {
        return fit(model, train, val, BatchAdapter.classification(), checkpoint);
    }

    /**
     * Trains on batches of any type, read through {@code batches} (e.g.
     * {@link BatchAdapter#segmentation()} for a U-Net on {@code SegmentationBatch}es); {@code val}
     * may be null.
     */
    public <B> FitResult fit(Module model, DataLoader<?, B> train, DataLoader<?, B> val,
            BatchAdapter<? super B> batches) {
        return fit(model, train, val, batches, null);
    }

    /** Trains on batches of any type, resuming from {@code checkpoint} when it is not null. */
    public <B> FitResult fit(Module model, DataLoader<?, B> train, DataLoader<?, B> val,
            BatchAdapter<? super B> batches, Path checkpoint) {
        java.util.Objects.requireNonNull(batches, "batches");
        if (cfg.loss() == null) {
            throw new IllegalStateException("Trainer: no loss configured; call builder().loss(...)");
        }
        if (cfg.optimizer() == null) {
            throw new IllegalStateException("Trainer: no optimizer configured; call builder().optimizer(...)");
        }
        if (train.numBatches() == 0) {
            throw new IllegalArgumentException("Trainer.fit: the training loader yields no batches (dataset size "
                    + train.dataset().size() + ", batch size " + train.batchSize() + ")");
        }
        long start = System.nanoTime();
        if (cfg.seed() != null && checkpoint == null) {
            Torch.manualSeed(cfg.seed());
        }
        model.to(cfg.device());
        if (cfg.syncBatchNorm()) {
            dev.trainkit.dist.SyncBatchNorm.convertSyncBatchnorm(model, cfg.processGroup());
        }
        // wrapped before freezing, so parameters unfrozen later are synchronized too
        Replicas replicas = Replicas.of(cfg.processGroup(), model);
        // the optimizer (and true-half master weights) cover every parameter, so unfreezing later works
        StepRunner runner = StepRunner.create(model, cfg.precision(), params -> cfg.optimizer().create(model, params));
        Optimizer opt = runner.optimizer();
        if (!cfg.freeze().isEmpty()) {
            dev.trainkit.nn.finetune.Freezer.freeze(model, dev.trainkit.nn.finetune.BatchNormStats.of(cfg.freezeBatchNormStats()),
                    cfg.freeze().toArray(String[]::new));
        }
        long stepsPerEpoch = (train.numBatches() + cfg.accumulateGradBatches() - 1) / cfg.accumulateGradBatches();
        long totalSteps = stepsPerEpoch * cfg.maxEpochs();
        if (cfg.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, cfg.maxSteps());
        }
        List<LRScheduler> schedulers = new ArrayList<>();
        for (SchedulerConfig s : cfg.schedulers()) {
            schedulers.add(s.factory() != null ? s.factory().apply(opt) : fromSpec(s, opt, totalSteps));
        }
        List<Callback> callbacks = callbacks(model, replicas, totalSteps);
        Map<String, Object> config = cfg.toMap();
        config.put("steps_per_epoch", stepsPerEpoch);
        config.put("total_steps", totalSteps);
        FitLoop<B> loop = new FitLoop<>(this, model, train, val, batches, runner, replicas, schedulers, callbacks, config);
        TrainContext ctx = loop.context();
        try {
            if (checkpoint != null) {
                config.put("resumed_from", checkpoint.toString());
                loop.resume(cfg.checkpointStore().load(checkpoint), checkpoint.toString());
            }
            if (cfg.runDir() != null && replicas.isMain()) {
                writeJson(cfg.runDir().resolve("config.json"), config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        Map<String, Double> metrics = Map.of();
        Throwable failure = null;
        running = ctx;
        if (pendingStop != null) {
            requestStop(pendingStop);
        }
        try {
            callbacks.forEach(c -> c.onFitStart(ctx));
            metrics = loop.run();
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            for (Callback c : callbacks) {
                c.onException(ctx, e);
            }
            throw e;
        } finally {
            running = null;
            pendingStop = null;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("epochs", ctx.epoch + 1);
            summary.put("global_step", ctx.globalStep);
            summary.put("seconds", (System.nanoTime() - start) / 1e9);
            summary.put("stop_reason", failure != null ? failure.getMessage() : ctx.stopReason);
            summary.put("interrupted", ctx.interrupted);
            summary.put("last_checkpoint", ctx.lastCheckpoint);
            summary.putAll(metrics);
            ctx.summary = java.util.Collections.unmodifiableMap(summary);
            callbacks.forEach(c -> c.onFitEnd(ctx));
        }
        // after onFitEnd: an interrupted fit's last checkpoint is written there
        return new FitResult(ctx.epoch + 1, ctx.globalStep, ctx.stopReason, metrics,
                (System.nanoTime() - start) / 1e9, cfg.runDir(), ctx.lastCheckpoint, ctx.interrupted);
    }

    /**
     * The callbacks of one fit: the built-in ones (progress, NaN guard, EMA, scheduler stepping,
     * metrics), each unless turned off or replaced by a user callback of the same class, then the
     * user's, then checkpointing last (the user's {@link ModelCheckpoint}, or the default one), so
     * that checkpoints hold every other callback's updated state.
     */
    private List<Callback> callbacks(Module model, Replicas replicas, long totalSteps) {
        List<Callback> user = cfg.callbacks();
        List<Callback> out = new ArrayList<>();
        if (cfg.progress() && replicas.isMain() && noneOf(user, ProgressReporter.class)) {
            out.add(new ProgressReporter(cfg.logEveryNSteps(), totalSteps));
        }
        if (cfg.nanGuard() && noneOf(user, NanGuard.class)) {
            out.add(new NanGuard());
        }
        if (cfg.ema() != null) {
            out.add(new ModelEmaCallback(new ModelEma(model, cfg.ema().decay(), cfg.ema().copyFirst()), cfg.ema()));
        }
        if (!cfg.schedulers().isEmpty() && noneOf(user, SchedulerStepper.class)) {
            out.add(new SchedulerStepper(cfg.schedulers()));
        }
        if (noneOf(user, MetricsLogger.class)) {
            out.add(new MetricsLogger(replicas.isMain() ? cfg.runDir() : null));
        }
        List<Callback> checkpointing = new ArrayList<>();
        for (Callback c : user) {
            (c instanceof ModelCheckpoint ? checkpointing : out).add(c);
        }
        if (checkpointing.isEmpty() && cfg.checkpointing().enabled()) {
            checkpointing.add(new ModelCheckpoint(cfg.checkpointing()));
        }
        out.addAll(checkpointing);
        return out;
    }

    private static boolean noneOf(List<Callback> callbacks, Class<? extends Callback> type) {
        return callbacks.stream().noneMatch(type::isInstance);
    }

    /** Validation metrics ({@code val_loss}, {@code val_acc}, ...) of {@code model} on {@code loader}. */
    public Map<String, Double> validate(Module model, Iterable<Batch> loader) {
        return evaluate(model, loader, BatchAdapter.classification(), "val_");
    }

    /** Validation metrics of {@code model} on batches of any type, read through {@code batches}. */
    public <B> Map<String, Double> validate(Module model, Iterable<B> loader, BatchAdapter<? super B> batches) {
        return evaluate(model, loader, batches, "val_");
    }

    /** Test metrics ({@code test_loss}, {@code test_acc}, ...) of {@code model} on {@code loader}. */
    public Map<String, Double> test(Module model, Iterable<Batch> loader) {
        return evaluate(model, loader, BatchAdapter.classification(), "test_");
    }

    /** Test metrics of {@code model} on batches of any type, read through {@code batches}. */
    public <B> Map<String, Double> test(Module model, Iterable<B> loader, BatchAdapter<? super B> batches) {
        return evaluate(model, loader, batches, "test_");
    }

    private <B> Map<String, Double> evaluate(Module model, Iterable<B> loader, BatchAdapter<? super B> batches,
            String prefix) {
        if (cfg.loss() == null) {
            throw new IllegalStateException("Trainer: no loss configured; call builder().loss(...)");
        }
        prepareModel(model);
        return EvalLoop.run(model, loader, batches, cfg.loss(), cfg.metrics(), prefix, cfg.device(), cfg.precision(),
                Replicas.evaluating(cfg.processGroup()));
    }

    /**
     * The learning-rate range test (see {@link LrFinder}); model and optimizer state are restored
     * afterwards.
     */
    public LrFindResult lrFind(Module model, DataLoader<?, Batch> train, LrFinder finder) {
        if (cfg.loss() == null || cfg.optimizer() == null) {
            throw new IllegalStateException("Trainer.lrFind: configure a loss and an optimizer first");
        }
        prepareModel(model);
        return finder.run(model, train, cfg.loss(), cfg.optimizer().create(model, new ArrayList<>(model.parameters())),
                cfg.device(), cfg.precision());
    }

    private void prepareModel(Module model) {
        model.to(cfg.device());
        Precision p = cfg.precision();
        if (p.paramDtype() != dev.trainkit.tensor.DType.FLOAT32) {
            model.to(p.paramDtype());
        }
    }

    private LRScheduler fromSpec(SchedulerConfig s, Optimizer opt, long totalSteps) {
        return Schedulers.create(TrainerBuilder.withRunLength(s.spec(), s.interval(), totalSteps, cfg.maxEpochs()), opt);
    }

    static void writeJson(Path file, Object value) throws IOException {
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        AtomicFiles.write(file, (json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
