package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What callbacks see of a running {@link Trainer#fit}: the model, optimizer and schedulers, the
 * loop counters, the run directory, and a way to stop or to save a checkpoint. Lightning's
 * {@code trainer} argument of its callback hooks ({@code trainer.current_epoch},
 * {@code trainer.global_step}, {@code trainer.should_stop = True}).
 *
 * <pre>{@code
 * public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
 *     if (loss < 1e-3) ctx.requestStop("loss below 1e-3 at step " + step);
 * }
 * }</pre>
 */
public final class TrainContext {
    private final Trainer trainer;
    private final Module model;
    private final Optimizer optimizer;
    private final List<LRScheduler> schedulers;
    private final Path runDir;
    int epoch;
    long globalStep;
    int batchInEpoch;
    int batchesPerEpoch;
    double lastLoss = Double.NaN;
    double samplesPerSecond;
    double lastGradNorm = Double.NaN;
    /** The learning rate (group 0) the last optimizer step used, read before schedulers stepped. */
    double stepLr = Double.NaN;
    /** The learning rate (group 0) of the epoch's last step, read before epoch schedulers stepped. */
    double epochLr = Double.NaN;
    double batchLoss = Double.NaN;
    boolean windowComplete;
    boolean lossScaling;
    /** True from the epoch's end hooks on: a checkpoint then resumes at the next epoch's start. */
    boolean epochCompleted;
    boolean interrupted;
    Map<String, Object> summary = Map.of();
    volatile String stopReason;
    String lastCheckpoint;
    FitLoop<?> loop;
    /** Processes training together (1 alone). */
    int worldSize = 1;
    /** The training loader's batch size (per process). */
    int trainBatchSize;
    /** Whether a callback took over the lr (SWA's SWALR): the configured schedulers stop stepping. */
    boolean schedulersReplaced;
    /** The EMA of the weights when one is kept (set by {@link ModelEmaCallback}), else null. */
    ModelEma ema;

    TrainContext(Trainer trainer, Module model, Optimizer optimizer, List<LRScheduler> schedulers, Path runDir) {
        this.trainer = trainer;
        this.model = model;
        this.optimizer = optimizer;
        this.schedulers = schedulers;
        this.runDir = runDir;
    }

    /** The trainer running this fit. */
    public Trainer trainer() {
        return trainer;
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The learning-rate schedulers, in the order configured. */
    public List<LRScheduler> schedulers() {
        return schedulers;
    }

    /** The run directory, or {@code null} if the trainer writes none. */
    public Path runDir() {
        return runDir;
    }

    /** The current epoch, 0-based ({@code trainer.current_epoch}). */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps done so far ({@code trainer.global_step}). */
    public long globalStep() {
        return globalStep;
    }

    /** Batches of the current epoch consumed so far. */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /** Batches per epoch of the training loader. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The learning rate of the first parameter group. */
    public double lr() {
        return optimizer.paramGroups().get(0).lr();
    }

    /** The learning rate (group 0) that the last optimizer step used, before schedulers stepped. */
    public double stepLr() {
        return stepLr;
    }

    /** The learning rate (group 0) of the epoch's last step, before epoch-interval schedulers stepped. */
    public double epochLr() {
        return epochLr;
    }

    /** The loss value of the current batch (set before {@code onBeforeBackward}). */
    public double batchLoss() {
        return batchLoss;
    }

    /** Whether the current batch closes its gradient accumulation window (an optimizer step follows). */
    public boolean accumulationWindowComplete() {
        return windowComplete;
    }

    /**
     * Whether gradients are loss-scaled ({@code 16-mixed}, {@code 16-true}): inf/NaN gradients are
     * then expected now and then, and the scaler skips those steps.
     */
    public boolean lossScaling() {
        return lossScaling;
    }

    /** Whether the current epoch has ended (true in {@code onEpochEnd} and checkpoints written from it). */
    public boolean epochCompleted() {
        return epochCompleted;
    }

    /** Whether the fit was interrupted from outside ({@link Trainer#requestStop(String)}). */
    public boolean interrupted() {
        return interrupted;
    }

    /**
     * The fit's summary (epochs, global_step, seconds, stop_reason, last_checkpoint and the last
     * epoch's metrics), available in {@code onFitEnd}.
     */
    public Map<String, Object> fitSummary() {
        return summary;
    }

    /** Records the global gradient norm of the current step (for logging and the guard). */
    public void recordGradNorm(double norm) {
        lastGradNorm = norm;
    }

    /** The last step's mean training loss. */
    public double lastLoss() {
        return lastLoss;
    }

    /** The global gradient norm of the last step (before clipping), NaN if not computed. */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    /** Training throughput over the last step, samples per second. */
    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** Asks the trainer to stop after the current step or epoch ({@code trainer.should_stop = True}). */
    public synchronized void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return stopReason != null;
    }

    /** Why training stopped, or {@code null}. */
    public String stopReason() {
        return stopReason;
    }

    /** The path of the last checkpoint written in this fit, or {@code null}. */
    public String lastCheckpoint() {
        return lastCheckpoint;
    }

    /**
     * Writes a full checkpoint of the current state (model, optimizer, schedulers, EMA, counters,
     * RNG, callback states) to {@code file}, atomically ({@code trainer.save_checkpoint(path)}).
     * Call it at a step boundary (from {@code onTrainBatchEnd} or {@code onEpochEnd}).
     */
    public void saveCheckpoint(Path file) throws IOException {
        loop.saveCheckpoint(file);
        lastCheckpoint = file.toString();
    }
}
