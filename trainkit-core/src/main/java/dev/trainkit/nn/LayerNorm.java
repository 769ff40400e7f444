package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;

/**
 * Layer normalisation over the trailing {@code normalized_shape} dims, as
 * {@code torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, bias=True)}:
 * {@code weight} (ones) and {@code bias} (zeros) shaped like {@code normalized_shape}.
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(768);                 // nn.LayerNorm(768)
 * Tensor y = ln.forward(Torch.randn(2, 16, 768));
 * }</pre>
 */
public class LayerNorm extends Module {
    private final long[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;
    /** γ, or {@code null} without elementwise affine. */
    public final Parameter weight;
    /** β, or {@code null} without elementwise affine or bias. */
    public final Parameter bias;

    /** Normalises over one trailing dim of size {@code normalizedShape}. */
    public LayerNorm(long normalizedShape) {
        this(new long[] {normalizedShape}, 1e-5, true, true);
    }

    /** All arguments ({@code bias} as PyTorch 2.1+). */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape expected at least one dim, got "
                    + Arrays.toString(normalizedShape));
        }
        for (long d : normalizedShape) {
            LayerChecks.positive("LayerNorm", "normalized_shape entries", d);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = LayerChecks.positive("LayerNorm", "eps", eps);
        this.elementwiseAffine = elementwiseAffine;
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", elementwiseAffine ? Torch.ones(normalizedShape) : null);
            this.bias = registerParameter("bias", elementwiseAffine && bias ? Torch.zeros(normalizedShape) : null);
        }
    }

    /** {@code normalized_shape} (a copy). */
    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** {@code eps}. */
    public double eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor input) {
        long[] s = input.shape();
        int n = normalizedShape.length;
        boolean ok = s.length >= n
                && Arrays.equals(Arrays.copyOfRange(s, s.length - n, s.length), normalizedShape);
        if (!ok) {
            throw new IllegalArgumentException("LayerNorm.forward: expected input with trailing shape "
                    + "normalized_shape=" + Arrays.toString(normalizedShape) + ", got " + input.describe());
        }
        return F.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.flt(eps) + ", elementwise_affine="
                + PyRepr.bool(elementwiseAffine);
    }
}
