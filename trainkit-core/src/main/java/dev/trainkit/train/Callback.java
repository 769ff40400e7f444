package dev.trainkit.train;

import dev.trainkit.tensor.Tensor;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method has an empty default, so a callback overrides
 * only what it needs. Callbacks run on the training thread in the order they were added, after
 * the built-in ones (progress, NaN guard, EMA, scheduler stepping, metrics logging); checkpoint
 * callbacks run last, so that a checkpoint holds every other callback's updated state. A
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
 * The order of one fit, with Lightning's hook names:
 * <pre>
 * onFitStart                      on_fit_start (after a resume has restored the state)
 * per epoch:
 *   onEpochStart                  on_train_epoch_start
 *   per batch:
 *     onTrainBatchStart           on_train_batch_start
 *     onBeforeBackward            on_before_backward
 *     onAfterBackward             on_after_backward
 *     (last batch of an accumulation window:)
 *     onBeforeOptimizerStep       on_before_optimizer_step (gradients accumulated, unscaled and clipped)
 *     onTrainBatchEnd             on_train_batch_end (once per optimizer step)
 *   onValidationStart             on_validation_start
 *   onValidationEnd               on_validation_end
 *   onEpochEnd                    on_train_epoch_end
 * onSaveCheckpoint                on_save_checkpoint (whenever a checkpoint is written)
 * onLoadCheckpoint                on_load_checkpoint (when fit resumes)
 * onException                     on_exception (before onFitEnd, when training fails)
 * onFitEnd                        on_fit_end (always last)
 * </pre>
 */
public interface Callback {

    /** Training is about to start (after a resume has restored the state). */
    default void onFitStart(TrainContext ctx) {
    }

    /** Epoch {@code ctx.epoch()} starts (0-based). Lightning's {@code on_train_epoch_start}. */
    default void onEpochStart(TrainContext ctx) {
    }

    /** Batch {@code batchIndex} of the epoch is about to be trained on. */
    default void onTrainBatchStart(TrainContext ctx, int batchIndex) {
    }

    /**
     * The batch's loss is computed ({@code ctx.batchLoss()} holds its value); backward runs next.
     * {@code loss} is the loss as computed, before accumulation division and loss scaling.
     */
    default void onBeforeBackward(TrainContext ctx, Tensor loss) {
    }

    /**
     * Backward of the batch finished. Gradients are complete when
     * {@link TrainContext#accumulationWindowComplete()} is true (still loss-scaled under
     * {@code 16-mixed}, see {@link TrainContext#lossScaling()}).
     */
    default void onAfterBackward(TrainContext ctx) {
    }

    /**
     * Gradients of the step are ready (accumulated, unscaled and clipped); the optimizer steps next.
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

    /** Validation is about to run on the validation loader. */
    default void onValidationStart(TrainContext ctx) {
    }

    /** Validation ended; {@code metrics} holds {@code val_loss} and the configured {@code val_*} metrics. */
    default void onValidationEnd(TrainContext ctx, Map<String, Double> metrics) {
    }

    /**
     * Epoch {@code ctx.epoch()} ended; {@code metrics} holds the epoch's train and validation
     * numbers. Lightning's {@code on_train_epoch_end}.
     */
    default void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
    }

    /** A checkpoint is being written: a callback may add entries to {@code checkpoint}. */
    default void onSaveCheckpoint(TrainContext ctx, Map<String, Object> checkpoint) {
    }

    /** Fit resumes from {@code checkpoint}: a callback may read the entries it added. */
    default void onLoadCheckpoint(TrainContext ctx, Map<String, ?> checkpoint) {
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
