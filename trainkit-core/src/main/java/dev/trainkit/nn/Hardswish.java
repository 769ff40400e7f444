package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x·relu6(x+3)/6} element-wise, as {@code torch.nn.Hardswish()}.
 *
 * <pre>{@code
 * Tensor y = new Hardswish().forward(x);     // nn.Hardswish()(x)
 * }</pre>
 */
public class Hardswish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.hardswish(input);
    }
}
