package dev.trainkit.train;

import java.util.Map;

/**
 * Keeps a {@link ModelEma} of the weights: updated after every optimizer step, swapped into the
 * model for validation (so {@code val_*} metrics and best checkpoints describe the averaged
 * weights), saved in checkpoints as {@code ema_state_dict} and restored on resume. Added by
 * {@code Trainer.builder().ema(decay)}.
 *
 * <pre>{@code
 * Trainer.builder().ema(0.999)   // validation runs with the averaged weights
 * }</pre>
 *
 * <p>PyTorch equivalent: timm's {@code ModelEmaV2} updated after {@code optimizer.step()} and
 * used for evaluation.
 */
public final class ModelEmaCallback implements Callback {
    /** The checkpoint entry holding the averaged weights. */
    public static final String CHECKPOINT_KEY = "ema_state_dict";
    private final ModelEma ema;
    private ModelEma.Swap swapped;

    /** Tracks {@code ema}, which was started from the model being trained. */
    public ModelEmaCallback(ModelEma ema) {
        this.ema = java.util.Objects.requireNonNull(ema, "ema");
    }

    /** The average. */
    public ModelEma ema() {
        return ema;
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        ema.update(ctx.model());
    }

    @Override
    public void onValidationStart(TrainContext ctx) {
        swapped = ema.swapInto(ctx.model());
    }

    @Override
    public void onValidationEnd(TrainContext ctx, Map<String, Double> metrics) {
        restore();
    }

    @Override
    public void onException(TrainContext ctx, Throwable error) {
        restore(); // validation failed with the averaged weights in the model
    }

    private void restore() {
        if (swapped != null) {
            swapped.close();
            swapped = null;
        }
    }

    @Override
    public void onSaveCheckpoint(TrainContext ctx, Map<String, Object> checkpoint) {
        checkpoint.put(CHECKPOINT_KEY, ema.stateDict());
    }

    @Override
    public void onLoadCheckpoint(TrainContext ctx, Map<String, ?> checkpoint) {
        Map<String, ?> state = CheckpointState.map(checkpoint.get(CHECKPOINT_KEY));
        if (state == null) {
            throw new IllegalArgumentException("resume: EMA absent from the checkpoint but enabled in the trainer");
        }
        ema.load(state);
    }
}
