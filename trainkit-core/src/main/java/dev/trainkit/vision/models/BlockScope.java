package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.function.Supplier;

/**
 * Runs one block's forward in its own {@link TensorScope} and keeps only its output, so the
 * block's temporaries that autograd does not save (pre-softmax scores, masked scores, reshaped
 * copies, batch-norm outputs before an activation, residual sums, ...) are freed when the block
 * returns, as Python's reference counting frees them in PyTorch, rather than at the end of the
 * training step. What backward needs stays alive: the autograd graph holds its own references to
 * the tensors it saved. The zoo's residual and transformer blocks use it, and so does every zoo
 * model's whole {@code forward}: only the output then outlives the pass, each activation is held
 * by autograd alone and is freed during backward as soon as its layer's gradient is done, as in
 * PyTorch, instead of when the step ends. The body must return a tensor it created (a block
 * always returns a new sum or activation).
 */
final class BlockScope {
    private BlockScope() {
    }

    /** {@code body.get()} with every other tensor it created released on return. */
    static Tensor run(Supplier<Tensor> body) {
        try (TensorScope scope = TensorScope.open()) {
            return scope.keep(body.get());
        }
    }
}
