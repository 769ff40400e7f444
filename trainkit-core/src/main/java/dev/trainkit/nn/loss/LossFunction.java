package dev.trainkit.nn.loss;

import dev.trainkit.tensor.Tensor;

/**
 * A loss as a plain function of the model's output and the target: any lambda built from tensor
 * ops is a loss, and autograd supplies its gradient.
 *
 * <pre>{@code
 * // the book's my_loss = torch.mean((output - target) ** 2)
 * LossFunction myLoss = (output, target) -> output.sub(target).pow(2).mean();
 * Tensor loss = myLoss.apply(model.forward(x), y);
 * loss.backward();
 * }</pre>
 *
 * <p>Class-style losses ({@link Loss} and the library) implement this interface too, so a
 * trainer accepts either.
 */
@FunctionalInterface
public interface LossFunction {

    /** The loss of {@code input} (the model's output) against {@code target}. */
    Tensor apply(Tensor input, Tensor target);
}
