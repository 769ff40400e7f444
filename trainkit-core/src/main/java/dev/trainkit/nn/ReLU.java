package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code max(0, x)} element-wise, as {@code torch.nn.ReLU()}.
 *
 * <pre>{@code
 * Tensor y = new ReLU().forward(x);     // nn.ReLU()(x)
 * }</pre>
 */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
