package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Softmax along {@code dim}, as {@code torch.nn.Softmax(dim)}; PyTorch's implicit-dim legacy
 * form is not offered: the dim is always explicit.
 *
 * <pre>{@code
 * Tensor probs = new Softmax(1).forward(logits);     // nn.Softmax(dim=1)(logits)
 * }</pre>
 */
public class Softmax extends Module {
    private final int dim;

    /** Softmax along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = input.dim();
        int lo = d == 0 ? -1 : -d;
        int hi = d == 0 ? 0 : d - 1;
        if (dim < lo || dim > hi) {
            throw new IllegalArgumentException("Softmax.forward: dim=" + dim + " out of range [" + lo + ", " + hi
                    + "] for input " + input.describe());
        }
        return F.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
