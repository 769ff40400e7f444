package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Squeeze-and-excitation, as torchvision's {@code ops.SqueezeExcitation}: global average pool,
 * {@code fc1} (1×1 conv to squeeze channels), {@code activation}, {@code fc2}, {@code
 * scale_activation}, then the input scaled channel-wise.
 *
 * <pre>{@code
 * new SqueezeExcitation(72, 24, ReLU::new, Hardsigmoid::new);   // MobileNet v3's SE layer
 * }</pre>
 */
public class SqueezeExcitation extends Module {

    /** {@code SqueezeExcitation(input_channels, squeeze_channels, activation, scale_activation)}. */
    public SqueezeExcitation(long inputChannels, long squeezeChannels, Supplier<? extends Module> activation,
            Supplier<? extends Module> scaleActivation) {
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("fc1", Layers.conv(inputChannels, squeezeChannels, 1, 1, 0, 1, true));
        registerModule("fc2", Layers.conv(squeezeChannels, inputChannels, 1, 1, 0, 1, true));
        registerModule("activation", activation.get());
        registerModule("scale_activation", scaleActivation.get());
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor s = child("fc1").forward(child("avgpool").forward(x));
        s = child("scale_activation").forward(child("fc2").forward(child("activation").forward(s)));
        return s.mul(x);
    }
}
