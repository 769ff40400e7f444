package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x·relu6(x+3)/6} element-wise, as {@code torch.nn.Hardswish(inplace=False)}.
 *
 * <pre>{@code
 * Tensor y = new Hardswish().forward(x);     // nn.Hardswish()(x)
 * Tensor z = new Hardswish(true).forward(x); // nn.Hardswish(inplace=True)(x): overwrites x and returns it
 * }</pre>
 *
 * <p>In place (torchvision's MobileNetV3 uses it so) the input's memory holds the output; as with
 * {@link ReLU}, PyTorch's rules apply: not on a leaf that requires grad, nor on a tensor its
 * producer saved for backward. Its repr is {@code Hardswish()} either way, as PyTorch's.
 */
public class Hardswish extends Module {
    private final boolean inplace;

    /** {@code nn.Hardswish()}: a new output tensor. */
    public Hardswish() {
        this(false);
    }

    /** {@code nn.Hardswish(inplace=...)}. */
    public Hardswish(boolean inplace) {
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardswish(input, inplace);
    }
}
