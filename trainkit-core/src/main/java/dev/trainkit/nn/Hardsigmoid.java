package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code relu6(x+3)/6} element-wise, as {@code torch.nn.Hardsigmoid(inplace=False)}.
 *
 * <pre>{@code
 * Tensor y = new Hardsigmoid().forward(x);     // nn.Hardsigmoid()(x)
 * Tensor z = new Hardsigmoid(true).forward(x); // nn.Hardsigmoid(inplace=True)(x): overwrites x and returns it
 * }</pre>
 *
 * <p>In place (a choice torchvision's models do not make) the input's memory holds the output; as
 * with {@link ReLU}, PyTorch's rules apply: not on a leaf that requires grad, nor on a tensor its
 * producer saved for backward. Its repr is {@code Hardsigmoid()} either way, as PyTorch's.
 */
public class Hardsigmoid extends Module {
    private final boolean inplace;

    /** {@code nn.Hardsigmoid()}: a new output tensor. */
    public Hardsigmoid() {
        this(false);
    }

    /** {@code nn.Hardsigmoid(inplace=...)}. */
    public Hardsigmoid(boolean inplace) {
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardsigmoid(input, inplace);
    }
}
