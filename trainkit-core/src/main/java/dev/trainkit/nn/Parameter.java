package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * A tensor that is a module's learnable state, as {@code torch.nn.Parameter}: it shares
 * {@code data}'s storage, is a leaf of the autograd graph and requires gradients by default.
 *
 * <p>Parameters are owned by the garbage collector, never by an open
 * {@link dev.trainkit.tensor.TensorScope}, so a model may be built anywhere. Converting a module
 * ({@link Module#to(dev.trainkit.tensor.DType)}) replaces a parameter's data in place, so
 * optimizers holding it stay valid.
 *
 * <pre>{@code
 * Parameter w = new Parameter(Torch.randn(3, 2));    // nn.Parameter(torch.randn(3, 2))
 * }</pre>
 */
public final class Parameter extends Tensor {

    /** A parameter over {@code data} that requires gradients. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter over {@code data}; {@code requiresGrad=false} makes it frozen. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.detach());
        requiresGrad_(requiresGrad);
    }
}
