package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code min(max(0, x), 6)} element-wise, as {@code torch.nn.ReLU6()}.
 *
 * <pre>{@code
 * Tensor y = new ReLU6().forward(x);     // nn.ReLU6()(x)
 * }</pre>
 */
public class ReLU6 extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu6(input);
    }
}
