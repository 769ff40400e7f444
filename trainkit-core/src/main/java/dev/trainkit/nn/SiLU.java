package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x·sigmoid(x)} (swish) element-wise, as {@code torch.nn.SiLU(inplace=False)}.
 *
 * <pre>{@code
 * Tensor y = new SiLU().forward(x);     // nn.SiLU()(x)
 * Tensor z = new SiLU(true).forward(x); // nn.SiLU(inplace=True)(x): overwrites x and returns it
 * }</pre>
 *
 * <p>In place (torchvision's EfficientNets use it so) the input's memory holds the output; as with
 * {@link ReLU}, PyTorch's rules apply: not on a leaf that requires grad, nor on a tensor its
 * producer saved for backward.
 */
public class SiLU extends Module {
    private final boolean inplace;

    /** {@code nn.SiLU()}: a new output tensor. */
    public SiLU() {
        this(false);
    }

    /** {@code nn.SiLU(inplace=...)}. */
    public SiLU(boolean inplace) {
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.silu(input, inplace);
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}
