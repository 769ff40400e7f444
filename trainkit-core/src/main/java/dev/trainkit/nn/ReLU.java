package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code max(0, x)} element-wise, as {@code torch.nn.ReLU(inplace=False)}.
 *
 * <pre>{@code
 * Tensor y = new ReLU().forward(x);     // nn.ReLU()(x)
 * Tensor z = new ReLU(true).forward(x); // nn.ReLU(inplace=True)(x): overwrites x and returns it
 * }</pre>
 *
 * <p>In place, as torchvision's ResNets use it, the input's memory is reused for the output. That
 * is allowed in training wherever PyTorch allows it: the input must not be a leaf that requires
 * grad, and the op that produced it must not need it for backward (batch norm, addition and
 * convolution outputs are fine).
 */
public class ReLU extends Module {
    private final boolean inplace;

    /** {@code nn.ReLU()}: a new output tensor. */
    public ReLU() {
        this(false);
    }

    /** {@code nn.ReLU(inplace=...)}. */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    /** Whether the input is overwritten with the output. */
    public boolean inplace() {
        return inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? input.relu_() : input.relu();
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}
