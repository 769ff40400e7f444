package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code min(max(0, x), 6)} element-wise, as {@code torch.nn.ReLU6(inplace=False)}.
 *
 * <pre>{@code
 * Tensor y = new ReLU6().forward(x);     // nn.ReLU6()(x)
 * Tensor z = new ReLU6(true).forward(x); // nn.ReLU6(inplace=True)(x): overwrites x and returns it
 * }</pre>
 *
 * <p>In place (torchvision's MobileNetV2 uses it so) the input's memory holds the output; as with
 * {@link ReLU}, PyTorch's rules apply: not on a leaf that requires grad, nor on a tensor its
 * producer saved for backward.
 */
public class ReLU6 extends Module {
    private final boolean inplace;

    /** {@code nn.ReLU6()}: a new output tensor. */
    public ReLU6() {
        this(false);
    }

    /** {@code nn.ReLU6(inplace=...)}. */
    public ReLU6(boolean inplace) {
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.relu6(input, inplace);
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}
