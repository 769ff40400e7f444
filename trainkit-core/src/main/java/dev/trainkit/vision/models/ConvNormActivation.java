package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import java.util.function.Supplier;

/**
 * Convolution + BatchNorm + activation as a Sequential ({@code 0}, {@code 1}, {@code 2}), as
 * torchvision's {@code Conv2dNormActivation}: padding (k−1)/2·dilation, conv bias only without
 * a norm layer.
 *
 * <pre>{@code
 * new ConvNormActivation(3, 32, 3, 2, 1, 1, 1e-5, 0.1, () -> new ReLU6(true));
 * // Conv2dNormActivation(3, 32, stride=2, activation_layer=nn.ReLU6): inplace=True by default
 * }</pre>
 */
public class ConvNormActivation extends Sequential {

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel square kernel size
     * @param stride stride
     * @param groups groups (= in for depthwise)
     * @param dilation dilation
     * @param eps BatchNorm eps, or NaN for no norm layer (the conv then has a bias)
     * @param momentum BatchNorm momentum
     * @param activation activation factory, or {@code null} for none
     */
    public ConvNormActivation(long in, long out, long kernel, long stride, long groups, long dilation, double eps,
            double momentum, Supplier<? extends Module> activation) {
        boolean norm = !Double.isNaN(eps);
        append(Layers.convDilated(in, out, kernel, stride, (kernel - 1) / 2 * dilation, dilation, groups, !norm));
        if (norm) {
            append(Layers.bn(out, eps, momentum));
        }
        if (activation != null) {
            append(activation.get());
        }
    }
}
