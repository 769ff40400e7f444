package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Zeroes each element with probability {@code p} during training and scales the rest by
 * 1/(1−p), as {@code torch.nn.Dropout(p=0.5)}; the identity in eval mode.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.2);           // nn.Dropout(p=0.2)
 * Tensor y = drop.forward(Torch.randn(4, 10));
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private final boolean inplace;

    /** With p = 0.5. */
    public Dropout() {
        this(0.5);
    }

    /** With drop probability {@code p} in [0, 1]. */
    public Dropout(double p) {
        this(p, false);
    }

    /** {@code nn.Dropout(p, inplace)}: in place, the input is overwritten with the output. */
    public Dropout(double p, boolean inplace) {
        this.p = LayerChecks.probability("Dropout", p);
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
        return F.dropout(input, p, isTraining(), inplace);
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.flt(p) + ", inplace=" + (inplace ? "True" : "False");
    }
}
