package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * {@code x·sigmoid(x)} (swish) element-wise, as {@code torch.nn.SiLU()}.
 *
 * <pre>{@code
 * Tensor y = new SiLU().forward(x);     // nn.SiLU()(x)
 * }</pre>
 */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.silu(input);
    }
}
