package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Flattens dims {@code start_dim..end_dim} into one, as {@code torch.nn.Flatten(start_dim=1,
 * end_dim=-1)}.
 *
 * <pre>{@code
 * Tensor y = new Flatten().forward(Torch.randn(8, 64, 1, 1));    // [8, 64]
 * }</pre>
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens all dims but the batch dim. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens {@code startDim..endDim} (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = Math.max(input.dim(), 1);
        int s = startDim < 0 ? startDim + d : startDim;
        int e = endDim < 0 ? endDim + d : endDim;
        if (s < 0 || s >= d || e < 0 || e >= d || s > e) {
            throw new IllegalArgumentException("Flatten.forward: start_dim=" + startDim + ", end_dim=" + endDim
                    + " do not name an ordered dim range of input " + input.describe());
        }
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
