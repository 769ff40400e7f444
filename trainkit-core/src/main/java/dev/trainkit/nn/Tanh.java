package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code tanh(x)} element-wise, as {@code torch.nn.Tanh()}.
 *
 * <pre>{@code
 * Tensor y = new Tanh().forward(x);     // nn.Tanh()(x)
 * }</pre>
 */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
