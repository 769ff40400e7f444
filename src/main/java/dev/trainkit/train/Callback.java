package dev.trainkit.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method has an empty default, so a callback overrides
 * only what it needs. Callbacks run on the training thread in the order they were added; a
 * callback stops training with {@link TrainContext#requestStop(String)}.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder().maxEpochs(5)
 *         .callback(new Callback() {
 *             public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
 *                 System.out.println(ctx.epoch() + " " + metrics.get("val_loss"));
 *             }
 *         }).build();
 * }</pre>
 *
 * <p>Lightning equivalent: {@code class MyCallback(pl.Callback): def on_train_epoch_end(self, trainer, module): ...}.
 * Order within one epoch: {@code onEpochStart}, then per optimizer step
 * {@code onBeforeOptimizerStep} and {@code onTrainBatchEnd}, then {@code onValidationEnd},
 * {@code onEpochEnd}. {@code onFitStart} comes first, {@code onFitEnd} last (also after an
 * exception, which {@code onException} sees first).
 */
public interface Callback {

    /** Training is about to start (after a resume has restored the state). */
    default void onFitStart(TrainContext ctx) {
    }

    /** Epoch {@code ctx.epoch()} starts (0-based). */
    default void onEpochStart(TrainContext ctx) {
    }

    /**
     * Gradients of the step are ready (accumulated and clipped); the optimizer steps next.
     * Lightning's {@code on_before_optimizer_step}.
     */
    default void onBeforeOptimizerStep(TrainContext ctx) {
    }

    /**
     * An optimizer step finished; {@code step} is the global step count after it (1-based),
     * {@code loss} the mean training loss of the step's batches (unscaled by accumulation).
     */
    default void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
    }

    /** Validation ended; {@code metrics} holds {@code val_loss} and the configured {@code val_*} metrics. */
    default void onValidationEnd(TrainContext ctx, Map<String, Double> metrics) {
    }

    /** Epoch {@code ctx.epoch()} ended; {@code metrics} holds the epoch's train and validation numbers. */
    default void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
    }

    /** Training ended (normally, by a stop request, or after an exception). */
    default void onFitEnd(TrainContext ctx) {
    }

    /** Training failed with {@code error}; called before {@link #onFitEnd} and before it propagates. */
    default void onException(TrainContext ctx, Throwable error) {
    }

    /** State to save in checkpoints so that a resumed run behaves identically (e.g. early stopping's best). */
    default Map<String, Object> stateDict() {
        return Map.of();
    }

    /** Restores what {@link #stateDict()} returned. */
    default void loadStateDict(Map<String, ?> state) {
    }

    /** The key of this callback's state in a checkpoint; unique among the callbacks of one trainer. */
    default String stateKey() {
        return getClass().getSimpleName();
    }
}
