package dev.trainkit.train;

import dev.trainkit.amp.Precision;
import dev.trainkit.data.BatchIterator;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.ClipGrad;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.data.SampleRandom;
import dev.trainkit.vision.transforms.MixedBatch;
import dev.trainkit.vision.transforms.RandomDraws;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@link Trainer#fit} call: the epoch and batch loop, accumulation, clipping and the
 * optimizer step, with the callbacks' hooks around each part. Everything else (checkpoints,
 * metrics, EMA, the NaN guard, scheduler stepping, progress) is a {@link Callback}.
 */
final class FitLoop<B> {
    private final TrainerConfig cfg;
    private final Module model;
    private final DataLoader<?, B> train;
    private final DataLoader<?, B> val;
    private final BatchAdapter<? super B> batches;
    private final StepRunner runner;
    private final Replicas replicas;
    private final List<LRScheduler> schedulers;
    private final List<Callback> callbacks;
    private final TrainContext ctx;
    private final Precision precision;
    private final Map<String, Object> config;
    private double epochLossSum;
    private double epochLossCount;
    /** Top-1 hits and samples of the epoch's training batches ({@code train_acc}). */
    private double epochCorrect;
    private double epochSamples;
    /** The seed of the batch transform's draws (the trainer's seed, or drawn once and checkpointed). */
    private long batchTransformSeed;

    FitLoop(Trainer trainer, Module model, DataLoader<?, B> train, DataLoader<?, B> val,
            BatchAdapter<? super B> batches, StepRunner runner, Replicas replicas, List<LRScheduler> schedulers,
            List<Callback> callbacks, Map<String, Object> config) {
        this.cfg = trainer.config();
        this.model = model;
        this.train = train;
        this.val = val;
        this.batches = batches;
        this.runner = runner;
        this.replicas = replicas;
        this.schedulers = schedulers;
        this.callbacks = callbacks;
        this.config = config;
        this.precision = cfg.precision();
        Path runDir = replicas.isMain() ? cfg.runDir() : null;
        this.ctx = new TrainContext(trainer, model, runner.optimizer(), schedulers, runDir);
        this.ctx.loop = this;
        this.ctx.batchesPerEpoch = train.numBatches();
        this.ctx.lossScaling = runner.scaling();
        this.ctx.worldSize = replicas.worldSize();
        this.ctx.trainBatchSize = train.batchSize();
        this.batchTransformSeed = cfg.seed() != null ? cfg.seed() : new java.util.SplittableRandom().nextLong();
        if (runner.closureDriven() && cfg.accumulateGradBatches() > 1) {
            throw new IllegalArgumentException("accumulate_grad_batches=" + cfg.accumulateGradBatches() + ": "
                    + runner.optimizer().name() + " re-evaluates the loss on one batch through a closure; use"
                    + " accumulate_grad_batches=1 with it");
        }
    }

    TrainContext context() {
        return ctx;
    }

    private void each(Consumer<Callback> hook) {
        for (Callback c : callbacks) {
            hook.accept(c);
        }
    }

    /** Restores a checkpoint written by {@link #saveCheckpoint}, then lets the callbacks read it. */
    void resume(Map<String, Object> ckpt, String where) {
        int savedWorld = ckpt.get("world_size") instanceof Number w ? w.intValue() : 1;
        boolean midEpoch = ckpt.get("batch_in_epoch") instanceof Number b && b.intValue() > 0;
        if (midEpoch && savedWorld != replicas.worldSize()) {
            throw new IllegalArgumentException(where + ": this checkpoint was written mid-epoch by " + savedWorld
                    + " process(es); resume it with the same number (--nproc " + savedWorld + "), or resume from an "
                    + "end-of-epoch checkpoint, which any number of processes can continue");
        }
        CheckpointState.restore(ckpt, where, model, runner.optimizer(), schedulers, callbacks);
        runner.loadStateDict(CheckpointState.map(ckpt.get("precision_state")), where);
        ctx.epoch = CheckpointState.getInt(ckpt, "epoch");
        ctx.batchInEpoch = CheckpointState.getInt(ckpt, "batch_in_epoch");
        ctx.globalStep = ((Number) ckpt.get("global_step")).longValue();
        epochLossSum = ((Number) ckpt.get("epoch_loss_sum")).doubleValue();
        epochLossCount = ((Number) ckpt.get("epoch_loss_count")).doubleValue();
        epochCorrect = ckpt.get("epoch_correct") instanceof Number n ? n.doubleValue() : 0;
        epochSamples = ckpt.get("epoch_samples") instanceof Number n ? n.doubleValue() : 0;
        if (ckpt.get("batch_transform_seed") instanceof Number n) {
            batchTransformSeed = n.longValue();
        }
        each(c -> c.onLoadCheckpoint(ctx, ckpt));
    }

    /**
     * Writes a checkpoint of the unwrapped model on the writing rank; other ranks write nothing.
     * Written from an epoch's end hooks, it resumes at the start of the next epoch.
     */
    void saveCheckpoint(Path file) throws IOException {
        if (!replicas.isMain()) {
            return;
        }
        boolean next = ctx.epochCompleted;
        Map<String, Object> c = CheckpointState.build(model, runner.optimizer(), schedulers, callbacks,
                next ? ctx.epoch + 1 : ctx.epoch, next ? 0 : ctx.batchInEpoch, ctx.globalStep,
                next ? 0 : epochLossSum, next ? 0 : epochLossCount, cfg.seed(), config);
        c.put("precision_state", runner.stateDict());
        c.put("world_size", replicas.worldSize());
        c.put("epoch_correct", next ? 0 : epochCorrect);
        c.put("epoch_samples", next ? 0 : epochSamples);
        c.put("batch_transform_seed", batchTransformSeed);
        each(k -> k.onSaveCheckpoint(ctx, c));
        cfg.checkpointStore().save(c, file);
    }

    /** Runs the loop from the current counters; returns the last epoch's metrics. */
    Map<String, Double> run() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        model.train();
        int startEpoch = ctx.epoch;
        for (int epoch = startEpoch; epoch < cfg.maxEpochs() && !done(); epoch++) {
            ctx.epoch = epoch;
            ctx.epochCompleted = false;
            int skip = epoch == startEpoch ? ctx.batchInEpoch : 0;
            if (skip == 0) {
                epochLossSum = 0;
                epochLossCount = 0;
                epochCorrect = 0;
                epochSamples = 0;
            }
            ctx.batchInEpoch = skip;
            each(c -> c.onEpochStart(ctx));
            trainEpoch(skip);
            if (ctx.stopRequested() && ctx.batchInEpoch < ctx.batchesPerEpoch) {
                break; // stopped mid-epoch (max steps, a callback or an interrupt): no epoch end
            }
            metrics = endEpoch();
            if (ctx.stopRequested()) {
                break;
            }
        }
        return metrics;
    }

    private boolean done() {
        return ctx.stopRequested() || (cfg.maxSteps() > 0 && ctx.globalStep >= cfg.maxSteps());
    }

    private void trainEpoch(int skip) {
        train.setEpoch(ctx.epoch);
        int n = ctx.batchesPerEpoch;
        int accumulate = cfg.accumulateGradBatches();
        List<Parameter> params = model.parameters();
        double windowLoss = 0;
        int windowBatches = 0;
        long windowSamples = 0;
        long windowStart = System.nanoTime();
        try (BatchIterator<?, B> it = train.iterator()) {
            for (int i = 0; i < skip && it.hasNext(); i++) {
                it.next(); // resume mid-epoch: the same order, the first batches already trained on
            }
            for (int b = skip; b < n && it.hasNext(); b++) {
                B batch = it.next();
                int windowStartBatch = b - (b - skip) % accumulate;
                int windowSize = Math.min(accumulate, n - windowStartBatch);
                ctx.windowComplete = windowBatches + 1 >= windowSize;
                int batchIndex = b;
                each(c -> c.onTrainBatchStart(ctx, batchIndex));
                if (runner.closureDriven()) {
                    try (TensorScope step = TensorScope.open()) {
                        Tensor[] xy = trainingInputs(batch, b);
                        closureStep(xy[0], xy[1], params); // forward, loss and backward run inside the optimizer's closure
                    }
                } else try (TensorScope step = TensorScope.open()) {
                    Tensor[] xy = trainingInputs(batch, b);
                    Tensor x = xy[0];
                    Tensor y = xy[1];
                    Tensor[] outLoss = EvalLoop.forward(replicas.forwardModule(), cfg.loss(), x, y, cfg.device(), precision);
                    Tensor loss = outLoss[1];
                    if (cfg.trainAccuracy()) {
                        countHits(outLoss[0], y);
                    }
                    ctx.batchLoss = loss.item();
                    each(c -> c.onBeforeBackward(ctx, loss));
                    // gradients are averaged over ranks only on the window's last batch (no_sync before)
                    runner.backward(windowSize > 1 ? loss.div(windowSize) : loss, replicas, ctx.windowComplete);
                    if (ctx.windowComplete) {
                        ctx.lastGradNorm = Double.NaN;
                    }
                    each(c -> c.onAfterBackward(ctx));
                }
                windowLoss += ctx.batchLoss;
                windowBatches++;
                windowSamples += batches.size(batch);
                ctx.batchInEpoch = b + 1;
                if (!ctx.windowComplete) {
                    continue;
                }
                if (!runner.closureDriven()) {
                    optimizerStep(params);
                }
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                ctx.samplesPerSecond = seconds > 0 ? windowSamples * replicas.worldSize() / seconds : 0;
                ctx.lastLoss = replicas.mean(windowLoss / windowBatches);
                epochLossSum += windowLoss;
                epochLossCount += windowBatches;
                ctx.globalStep++;
                if (cfg.maxSteps() > 0 && ctx.globalStep >= cfg.maxSteps()) {
                    ctx.requestStop("max_steps=" + cfg.maxSteps() + " reached");
                }
                each(c -> c.onTrainBatchEnd(ctx, ctx.globalStep, ctx.lastLoss));
                windowLoss = 0;
                windowBatches = 0;
                windowSamples = 0;
                windowStart = System.nanoTime();
                if (done()) {
                    return;
                }
            }
        }
    }

    /** The model's input and the loss's target for training batch {@code b}, through the batch transform if any. */
    private Tensor[] trainingInputs(B batch, int b) {
        Tensor x = EvalLoop.inputs(batches.input(batch), cfg.device(), precision);
        Tensor y = EvalLoop.targets(batches.target(batch), cfg.device());
        if (cfg.batchTransform() != null) {
            MixedBatch mixed = cfg.batchTransform().apply(x, y, batchDraws(b));
            return new Tensor[] {mixed.images(), mixed.targets()};
        }
        return new Tensor[] {x, y};
    }

    /**
     * The draws of training batch {@code b} of this epoch: a stream of its own, seeded by the
     * seed, the rank, the epoch and the batch index, so resuming mid-epoch draws the same.
     */
    private RandomDraws batchDraws(int b) {
        return RandomDraws.of(new java.util.SplittableRandom(SampleRandom.mix(batchTransformSeed, replicas.rank(),
                ctx.epoch, b, 0x6d6978L)));
    }

    /**
     * Recomputes the model's BatchNorm statistics with one pass over the training loader, as
     * loaded (no batch transform): {@code torch.optim.swa_utils.update_bn(train_loader, model)}.
     */
    void updateBatchNorm() {
        dev.trainkit.optim.swa.SwaUtils.updateBn(train, b -> EvalLoop.inputs(batches.input(b), cfg.device(), precision),
                model);
    }

    /** Adds the batch's top-1 hits against the labels, or the arg-max of soft targets (torchvision's utils.accuracy). */
    private void countHits(Tensor output, Tensor target) {
        if (output.dim() != 2) {
            throw new IllegalArgumentException("train accuracy: expected outputs [N, num_classes], got "
                    + output.describe());
        }
        try (NoGrad ng = NoGrad.enter()) {
            Tensor labels = target.dim() == 2 ? target.argmax(1, false) : target;
            epochCorrect += output.detach().argmax(1, false).eq(labels).sum().itemLong();
            epochSamples += labels.size(0);
        }
    }

    private void optimizerStep(List<Parameter> params) {
        runner.unscale();
        clip(params);
        each(c -> c.onBeforeOptimizerStep(ctx));
        ctx.stepLr = ctx.lr();
        runner.step();
        runner.zeroGrad();
    }

    /**
     * One step of a closure-driven optimizer (LBFGS) on {@code batch}, as Lightning's
     * {@code optimizer_closure}: each evaluation zeroes the gradients, runs forward, the loss and
     * backward (with their hooks), clips, calls {@code onBeforeOptimizerStep}, and returns the loss
     * (averaged over ranks when data parallel, as the gradients are, so every rank takes the same
     * decisions). The batch loss and the training accuracy are the first evaluation's (PyTorch's
     * {@code orig_loss}).
     */
    private void closureStep(Tensor x, Tensor y, List<Parameter> params) {
        ctx.stepLr = ctx.lr();
        boolean[] evaluated = {false};
        double first = runner.step(() -> {
            runner.zeroGrad();
            Tensor[] outLoss = EvalLoop.forward(replicas.forwardModule(), cfg.loss(), x, y, cfg.device(), precision);
            Tensor loss = outLoss[1];
            if (cfg.trainAccuracy() && !evaluated[0]) {
                countHits(outLoss[0], y);
            }
            evaluated[0] = true;
            ctx.batchLoss = loss.item();
            each(c -> c.onBeforeBackward(ctx, loss));
            runner.backward(loss, replicas, true);
            ctx.lastGradNorm = Double.NaN;
            each(c -> c.onAfterBackward(ctx));
            clip(params);
            each(c -> c.onBeforeOptimizerStep(ctx));
            // data parallel: every rank must see the same loss, or their line searches diverge
            return replicas.mean(ctx.batchLoss);
        });
        ctx.batchLoss = first;
        runner.zeroGrad();
    }

    private void clip(List<Parameter> params) {
        if (cfg.gradientClipNorm() > 0) {
            ctx.lastGradNorm = ClipGrad.clipGradNorm_(params, cfg.gradientClipNorm());
        }
        if (cfg.gradientClipValue() > 0) {
            ClipGrad.clipGradValue_(params, cfg.gradientClipValue());
        }
    }

    /** The global L2 norm of the gradients (0 when no parameter has one), with one sync. */
    static double gradNorm(List<Parameter> params) {
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            List<Tensor> norms = new ArrayList<>();
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    norms.add(g.norm(2));
                }
            }
            return norms.isEmpty() ? 0.0 : Torch.stack(norms, 0).norm(2).item();
        }
    }

    private Map<String, Double> endEpoch() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double[] lossSums = replicas.sum(new double[] {epochLossSum, epochLossCount});
        metrics.put("train_loss", lossSums[1] == 0 ? Double.NaN : lossSums[0] / lossSums[1]);
        if (cfg.trainAccuracy()) {
            double[] hits = replicas.sum(new double[] {epochCorrect, epochSamples});
            metrics.put("train_acc", hits[1] == 0 ? Double.NaN : hits[0] / hits[1]);
        }
        if (val != null) {
            each(c -> c.onValidationStart(ctx));
            Map<String, Double> v = new LinkedHashMap<>(EvalLoop.run(model, val, batches, cfg.loss(), cfg.metrics(),
                    "val_", cfg.device(), precision, replicas));
            for (Callback c : callbacks) {
                if (c instanceof ModelEmaCallback ema && ema.config().separateValidation()) {
                    // torchvision's evaluate(model_ema, ..., log_suffix="EMA") after the model's own
                    v.putAll(ema.withAverage(ctx, () -> EvalLoop.run(model, val, batches, cfg.loss(), cfg.metrics(),
                            ModelEmaCallback.METRIC_PREFIX, cfg.device(), precision, replicas)));
                }
            }
            Map<String, Double> frozenVal = java.util.Collections.unmodifiableMap(v);
            metrics.putAll(v);
            each(c -> c.onValidationEnd(ctx, frozenVal));
        }
        ctx.epochLr = ctx.lr();
        ctx.epochCompleted = true;
        Map<String, Double> frozen = java.util.Collections.unmodifiableMap(metrics);
        each(c -> c.onEpochEnd(ctx, frozen));
        return metrics;
    }
}
