package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x} if positive, else {@code negative_slope·x}, as
 * {@code torch.nn.LeakyReLU(negative_slope=0.01)}.
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.2).forward(x);       // nn.LeakyReLU(0.2)(x)
 * Tensor z = new LeakyReLU(0.2, true).forward(x); // nn.LeakyReLU(0.2, inplace=True)(x): overwrites x
 * }</pre>
 *
 * <p>In place the input's memory holds the output; as with {@link ReLU}, PyTorch's rules apply.
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;
    private final boolean inplace;

    /** With slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** With {@code negativeSlope}. */
    public LeakyReLU(double negativeSlope) {
        this(negativeSlope, false);
    }

    /** {@code nn.LeakyReLU(negative_slope, inplace)}. */
    public LeakyReLU(double negativeSlope, boolean inplace) {
        this.inplace = inplace;
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be finite, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope, inplace);
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PyRepr.flt(negativeSlope) + (inplace ? ", inplace=True" : "");
    }
}
