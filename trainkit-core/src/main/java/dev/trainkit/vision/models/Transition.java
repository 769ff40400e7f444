package dev.trainkit.vision.models;

import dev.trainkit.nn.AvgPool2d;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * DenseNet's transition between dense blocks, as torchvision's {@code _Transition}: children
 * {@code norm}, {@code relu}, {@code conv} (1×1) and {@code pool} (2×2 average), in order.
 *
 * <pre>{@code
 * Transition t = new Transition(256, 128);
 * }</pre>
 */
public class Transition extends OrderedModules {

    /** {@code _Transition(num_input_features, num_output_features)}. */
    public Transition(long numInputFeatures, long numOutputFeatures) {
        add("norm", Layers.bn(numInputFeatures));
        add("relu", new ReLU(true)); // ReLU(inplace=True), as torchvision
        add("conv", Layers.conv(numInputFeatures, numOutputFeatures, 1, 1, 0, 1, false));
        add("pool", new AvgPool2d(2, 2, 0));
    }

    /** norm, relu, conv, pool; the convolution's output (not saved for backward) is freed on return. */
    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> super.forward(x));
    }
}
