package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
    String stopReason;
    String lastCheckpoint;
    FitLoop<?> loop;

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
    public void requestStop(String reason) {
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
