package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Zeroes whole channels of (N, C, H, W) input with probability {@code p} during training and
 * scales the rest by 1/(1−p), as {@code torch.nn.Dropout2d(p=0.5)}; the identity in eval mode.
 * 3-D input is taken as (N, C, L), as PyTorch still does.
 *
 * <pre>{@code
 * Dropout2d drop = new Dropout2d(0.2);           // nn.Dropout2d(p=0.2)
 * Tensor y = drop.forward(Torch.randn(4, 8, 5, 5));
 * }</pre>
 */
public class Dropout2d extends Module {
    private final double p;
    private final boolean inplace;

    /** With p = 0.5. */
    public Dropout2d() {
        this(0.5);
    }

    /** With drop probability {@code p} in [0, 1]. */
    public Dropout2d(double p) {
        this(p, false);
    }

    /** {@code nn.Dropout2d(p, inplace)}: in place, the input is overwritten with the output. */
    public Dropout2d(double p, boolean inplace) {
        this.p = LayerChecks.probability("Dropout2d", p);
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout2d(input, p, isTraining(), inplace);
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.flt(p) + ", inplace=" + (inplace ? "True" : "False");
    }
}
