package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code relu6(x+3)/6} element-wise, as {@code torch.nn.Hardsigmoid()}.
 *
 * <pre>{@code
 * Tensor y = new Hardsigmoid().forward(x);     // nn.Hardsigmoid()(x)
 * }</pre>
 */
public class Hardsigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.hardsigmoid(input);
    }
}
