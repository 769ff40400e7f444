package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/** {@code max(0, x)}, as {@code torch.nn.ReLU()}. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
