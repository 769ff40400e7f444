package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Returns its input, as {@code torch.nn.Identity()}; the usual replacement for a removed head.
 *
 * <pre>{@code
 * model.setSubmodule("fc", new Identity());     // model.fc = nn.Identity()
 * }</pre>
 */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
