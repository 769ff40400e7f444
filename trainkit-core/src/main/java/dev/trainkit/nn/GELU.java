package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;
import java.util.List;

/**
 * Gaussian error linear unit, as {@code torch.nn.GELU(approximate='none')}; "tanh" uses the tanh
 * approximation.
 *
 * <pre>{@code
 * Tensor y = new GELU("tanh").forward(x);     // nn.GELU(approximate='tanh')(x)
 * }</pre>
 */
public class GELU extends Module {
    private final String approximate;

    /** Exact GELU. */
    public GELU() {
        this("none");
    }

    /** With {@code approximate} "none" or "tanh". */
    public GELU(String approximate) {
        this.approximate = LayerChecks.oneOf("GELU", "approximate", approximate, List.of("none", "tanh"));
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
