package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x} if positive, else {@code negative_slope·x}, as
 * {@code torch.nn.LeakyReLU(negative_slope=0.01)}.
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.2).forward(x);     // nn.LeakyReLU(0.2)(x)
 * }</pre>
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    /** With slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** With {@code negativeSlope}. */
    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be finite, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PyRepr.flt(negativeSlope);
    }
}
