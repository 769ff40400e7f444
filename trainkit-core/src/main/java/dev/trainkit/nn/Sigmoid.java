package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code 1/(1+exp(−x))} element-wise, as {@code torch.nn.Sigmoid()}.
 *
 * <pre>{@code
 * Tensor y = new Sigmoid().forward(x);     // nn.Sigmoid()(x)
 * }</pre>
 */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
