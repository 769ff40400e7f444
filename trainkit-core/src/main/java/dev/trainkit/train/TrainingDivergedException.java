package dev.trainkit.train;

/**
 * Thrown by {@link Trainer#fit} when the NaN/Inf guard sees a non-finite loss or gradient norm.
 * The bad step is not applied, so the model holds the last good weights, and the last
 * checkpoint written (if any) is left untouched; the message names the epoch, the step and
 * that checkpoint. Lightning's {@code detect_anomaly}/{@code FiniteCheck}-style stop.
 *
 * <pre>{@code
 * try { trainer.fit(model, train, val); }
 * catch (TrainingDivergedException e) { resumeFrom(e.lastGoodCheckpoint()); }
 * }</pre>
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final String lastGoodCheckpoint;

    TrainingDivergedException(String message, long step, String lastGoodCheckpoint) {
        super(message);
        this.step = step;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The optimizer step (1-based) that would have been taken with the non-finite value. */
    public long step() {
        return step;
    }

    /** The last checkpoint written before the divergence, or null if none. */
    public String lastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
