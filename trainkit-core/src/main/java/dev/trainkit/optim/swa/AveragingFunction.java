package dev.trainkit.optim.swa;

import dev.trainkit.tensor.Tensor;

/**
 * How {@link AveragedModel} folds a model's tensor into the average: returns the new average
 * from the current average, the model's value and the number of models averaged so far (an
 * int64 scalar tensor), as PyTorch's {@code avg_fn}.
 *
 * <pre>{@code
 * AveragingFunction ema = (avg, value, n) -> avg.mul(0.999).add(value.mul(1 - 0.999));
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code avg_fn=lambda averaged_param, model_param, num_averaged: ...}.
 */
@FunctionalInterface
public interface AveragingFunction {
    /** The new average; the arguments must not be modified. */
    Tensor apply(Tensor averaged, Tensor value, Tensor numAveraged);
}
