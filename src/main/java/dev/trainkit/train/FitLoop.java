package dev.trainkit.train;

import dev.trainkit.amp.Precision;
import dev.trainkit.data.BatchIterator;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.ClipGrad;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.ReduceLROnPlateau;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link Trainer#fit} call: the epoch/step loop, accumulation, clipping, guard, schedulers,
 * logging; batches of type {@code B} are read through a {@link BatchAdapter}.
 */
final class FitLoop<B> {
    private final TrainerBuilder cfg;
    private final Module model;
    private final DataLoader<?, B> train;
    private final DataLoader<?, B> val;
    private final BatchAdapter<? super B> batches;
    private final Optimizer opt;
    private final StepRunner runner;
    private final Replicas replicas;
    /** The run directory on the rank that writes it (rank 0, or alone); null elsewhere. */
    private final Path runDir;
    private final List<LRScheduler> schedulers;
    private final ModelEma ema;
    private final List<Callback> callbacks;
    private final TrainContext ctx;
    private final RunLog log;
    private final Precision precision;
    private final Map<String, Object> config;
    private double epochLossSum;
    private double epochLossCount;

    FitLoop(Trainer trainer, TrainerBuilder cfg, Module model, DataLoader<?, B> train, DataLoader<?, B> val,
            BatchAdapter<? super B> batches, StepRunner runner, Replicas replicas, List<LRScheduler> schedulers,
            ModelEma ema, List<Callback> callbacks,
            Map<String, Object> config) {
        this.cfg = cfg;
        this.model = model;
        this.train = train;
        this.val = val;
        this.batches = batches;
        this.runner = runner;
        this.replicas = replicas;
        this.runDir = replicas.isMain() ? cfg.runDir : null;
        this.opt = runner.optimizer();
        this.schedulers = schedulers;
        this.ema = ema;
        this.callbacks = callbacks;
        this.config = config;
        this.precision = Precision.of(cfg.precision);
        this.ctx = new TrainContext(trainer, model, opt, schedulers, runDir);
        this.ctx.loop = this;
        this.ctx.batchesPerEpoch = train.numBatches();
        this.log = new RunLog(runDir);
    }

    TrainContext context() {
        return ctx;
    }

    RunLog log() {
        return log;
    }

    /** Restores a checkpoint written by {@link #saveCheckpoint}. */
    void resume(Map<String, Object> ckpt, String where) throws IOException {
        int savedWorld = ckpt.get("world_size") instanceof Number w ? w.intValue() : 1;
        boolean midEpoch = ckpt.get("batch_in_epoch") instanceof Number b && b.intValue() > 0;
        if (midEpoch && savedWorld != replicas.worldSize()) {
            throw new IllegalArgumentException(where + ": this checkpoint was written mid-epoch by " + savedWorld
                    + " process(es); resume it with the same number (--nproc " + savedWorld + "), or resume from an "
                    + "end-of-epoch checkpoint, which any number of processes can continue");
        }
        CheckpointState.restore(ckpt, where, model, opt, schedulers, ema, callbacks);
        runner.loadStateDict(asMap(ckpt.get("precision_state")), where);
        ctx.epoch = CheckpointState.getInt(ckpt, "epoch");
        ctx.batchInEpoch = CheckpointState.getInt(ckpt, "batch_in_epoch");
        ctx.globalStep = ((Number) ckpt.get("global_step")).longValue();
        epochLossSum = ((Number) ckpt.get("epoch_loss_sum")).doubleValue();
        epochLossCount = ((Number) ckpt.get("epoch_loss_count")).doubleValue();
        log.reload(ctx.globalStep, ctx.epoch);
    }

    /** Writes a checkpoint of the unwrapped model on the writing rank; other ranks write nothing. */
    void saveCheckpoint(Path file) throws IOException {
        if (!replicas.isMain()) {
            return;
        }
        Map<String, Object> c = CheckpointState.build(model, opt, schedulers, ema, callbacks, ctx.epoch,
                ctx.batchInEpoch, ctx.globalStep, epochLossSum, epochLossCount, cfg.seed, config);
        c.put("precision_state", runner.stateDict());
        c.put("world_size", replicas.worldSize());
        cfg.checkpointStore.save(c, file);
    }

    private Path lastCheckpointPath() {
        return runDir.resolve("checkpoints").resolve("last" + cfg.checkpointStore.extension());
    }

    /** Runs the loop from the current counters; returns the last epoch's metrics. */
    Map<String, Double> run() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        model.train();
        int startEpoch = ctx.epoch;
        for (int epoch = startEpoch; epoch < cfg.maxEpochs && !done(); epoch++) {
            ctx.epoch = epoch;
            int skip = epoch == startEpoch ? ctx.batchInEpoch : 0;
            if (skip == 0) {
                epochLossSum = 0;
                epochLossCount = 0;
            }
            ctx.batchInEpoch = skip;
            callbacks.forEach(c -> c.onEpochStart(ctx));
            trainEpoch(skip);
            if (ctx.stopRequested() && ctx.batchInEpoch < ctx.batchesPerEpoch) {
                break; // stopped mid-epoch (max steps or a callback): no epoch end
            }
            metrics = endEpoch();
            if (ctx.stopRequested()) {
                break;
            }
        }
        return metrics;
    }

    private boolean done() {
        return ctx.stopRequested() || (cfg.maxSteps > 0 && ctx.globalStep >= cfg.maxSteps);
    }

    private void trainEpoch(int skip) throws IOException {
        train.setEpoch(ctx.epoch);
        int n = ctx.batchesPerEpoch;
        int accumulate = cfg.accumulate;
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
                double lossValue;
                try (TensorScope step = TensorScope.open()) {
                    Tensor x = EvalLoop.inputs(batches.input(batch), cfg.device, precision);
                    Tensor y = EvalLoop.targets(batches.target(batch), cfg.device);
                    Tensor loss = EvalLoop.forward(replicas.forwardModule(), cfg.loss, x, y, cfg.device, precision)[1];
                    lossValue = loss.item();
                    if (cfg.nanGuard && !Double.isFinite(lossValue)) {
                        throw diverged("loss", lossValue);
                    }
                    // gradients are averaged over ranks only on the window's last batch (no_sync before)
                    runner.backward(windowSize > 1 ? loss.div(windowSize) : loss, replicas,
                            windowBatches + 1 >= windowSize);
                }
                windowLoss += lossValue;
                windowBatches++;
                windowSamples += batches.size(batch);
                ctx.batchInEpoch = b + 1;
                if (windowBatches < windowSize) {
                    continue;
                }
                optimizerStep(params);
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                ctx.samplesPerSecond = seconds > 0 ? windowSamples * replicas.worldSize() / seconds : 0;
                ctx.lastLoss = replicas.mean(windowLoss / windowBatches);
                epochLossSum += windowLoss;
                epochLossCount += windowBatches;
                afterStep();
                windowLoss = 0;
                windowBatches = 0;
                windowSamples = 0;
                windowStart = System.nanoTime();
                if (done()) {
                    if (cfg.maxSteps > 0 && ctx.globalStep >= cfg.maxSteps) {
                        ctx.requestStop("max_steps=" + cfg.maxSteps + " reached");
                    }
                    return;
                }
            }
        }
    }

    private void optimizerStep(List<Parameter> params) {
        double gradNorm = Double.NaN;
        runner.unscale();
        if (cfg.clipNorm > 0) {
            gradNorm = ClipGrad.clipGradNorm_(params, cfg.clipNorm);
        } else if (cfg.nanGuard) {
            gradNorm = gradNorm(params);
        }
        // with loss scaling (16-mixed/16-true) inf gradients are expected now and then: the scaler skips those steps
        if (cfg.nanGuard && !runner.scaling() && !Double.isFinite(gradNorm)) {
            throw diverged("gradient norm", gradNorm);
        }
        if (cfg.clipValue > 0) {
            ClipGrad.clipGradValue_(params, cfg.clipValue);
        }
        ctx.lastGradNorm = gradNorm;
        callbacks.forEach(c -> c.onBeforeOptimizerStep(ctx));
        runner.step();
        runner.zeroGrad();
        if (ema != null) {
            ema.update(model);
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
            return norms.isEmpty() ? 0.0 : dev.trainkit.tensor.Torch.stack(norms, 0).norm(2).item();
        }
    }

    private void afterStep() throws IOException {
        ctx.globalStep++;
        double lrUsed = ctx.lr();
        for (int i = 0; i < schedulers.size(); i++) {
            if (cfg.schedulers.get(i).interval() == Interval.STEP) {
                stepScheduler(schedulers.get(i), cfg.schedulers.get(i), Map.of("train_loss", ctx.lastLoss));
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "step");
        row.put("epoch", ctx.epoch);
        row.put("step", ctx.globalStep);
        row.put("train_loss", ctx.lastLoss);
        row.put("lr", lrUsed);
        if (Double.isFinite(ctx.lastGradNorm)) {
            row.put("grad_norm", ctx.lastGradNorm);
        }
        row.put("samples_per_s", ctx.samplesPerSecond);
        log.add(row);
        if (cfg.checkpointEveryNSteps > 0 && ctx.globalStep % cfg.checkpointEveryNSteps == 0) {
            checkpoint();
        }
        for (Callback c : callbacks) {
            c.onTrainBatchEnd(ctx, ctx.globalStep, ctx.lastLoss);
        }
    }

    private void checkpoint() throws IOException {
        if (runDir != null) {
            ctx.saveCheckpoint(lastCheckpointPath());
            log.flush();
        }
    }

    private Map<String, Double> endEpoch() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double[] lossSums = replicas.sum(new double[] {epochLossSum, epochLossCount});
        metrics.put("train_loss", lossSums[1] == 0 ? Double.NaN : lossSums[0] / lossSums[1]);
        if (val != null) {
            Map<String, Double> v;
            if (ema != null) {
                try (ModelEma.Swap s = ema.swapInto(model)) {
                    v = EvalLoop.run(model, val, batches, cfg.loss, cfg.metrics, "val_", cfg.device, precision, replicas);
                }
            } else {
                v = EvalLoop.run(model, val, batches, cfg.loss, cfg.metrics, "val_", cfg.device, precision, replicas);
            }
            metrics.putAll(v);
            for (Callback c : callbacks) {
                c.onValidationEnd(ctx, v);
            }
        }
        double lrUsed = ctx.lr();
        for (int i = 0; i < schedulers.size(); i++) {
            if (cfg.schedulers.get(i).interval() == Interval.EPOCH) {
                stepScheduler(schedulers.get(i), cfg.schedulers.get(i), metrics);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "epoch");
        row.put("epoch", ctx.epoch);
        row.put("step", ctx.globalStep);
        row.put("lr", lrUsed);
        row.putAll(metrics);
        log.add(row);
        for (Callback c : callbacks) {
            c.onEpochEnd(ctx, metrics);
        }
        // the checkpoint of an epoch's end is the start of the next one
        ctx.epoch++;
        ctx.batchInEpoch = 0;
        epochLossSum = 0;
        epochLossCount = 0;
        if (cfg.checkpointEachEpoch) {
            checkpoint();
        }
        ctx.epoch--;
        log.flush();
        return metrics;
    }

    private static void stepScheduler(LRScheduler s, SchedulerConfig c, Map<String, Double> metrics) {
        if (s instanceof ReduceLROnPlateau p) {
            Double m = metrics.get(c.monitor());
            if (m == null) {
                throw new IllegalStateException("ReduceLROnPlateau monitors '" + c.monitor()
                        + "', which is not among the metrics " + metrics.keySet()
                        + (c.monitor().startsWith("val_") ? " (is there a validation loader?)" : ""));
            }
            p.step(m);
        } else {
            s.step();
        }
    }

    private TrainingDivergedException diverged(String what, double value) {
        String ck = ctx.lastCheckpoint;
        String msg = String.format(Locale.ROOT, "NaN/Inf guard: non-finite %s (%s) at epoch %d, step %d (batch %d of "
                + "the epoch); training stopped before applying this step, so the model keeps the last good weights. %s",
                what, value, ctx.epoch, ctx.globalStep + 1, ctx.batchInEpoch + 1,
                ck == null ? "No checkpoint had been written." : "Last good checkpoint: " + ck + ".");
        return new TrainingDivergedException(msg, ctx.globalStep + 1, ck);
    }

    /** Writes metrics, plots and report.md. */
    List<String> writeArtifacts(Map<String, Object> summary) {
        if (runDir == null) {
            return List.of();
        }
        try {
            log.flush();
            List<String> plots = RunPlots.write(runDir, log);
            RunReport.write(runDir, "Training report", summary, plots, log);
            return plots;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the run directory " + runDir + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, ?>) m : null;
    }

    List<Callback> callbacks() {
        return new ArrayList<>(callbacks);
    }
}
