package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * SqueezeNet's Fire module, as torchvision's {@code Fire}: a 1×1 {@code squeeze} convolution,
 * then {@code expand1x1} and {@code expand3x3} concatenated on the channel dimension.
 *
 * <pre>{@code
 * Fire f = new Fire(96, 16, 64, 64);   // 96 → 128 channels
 * }</pre>
 */
public class Fire extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code Fire(inplanes, squeeze_planes, expand1x1_planes, expand3x3_planes)}. */
    public Fire(long inplanes, long squeezePlanes, long expand1x1Planes, long expand3x3Planes) {
        registerModule("squeeze", Layers.conv(inplanes, squeezePlanes, 1, 1, 0, 1, true));
        registerModule("squeeze_activation", new ReLU(true));
        registerModule("expand1x1", Layers.conv(squeezePlanes, expand1x1Planes, 1, 1, 0, 1, true));
        registerModule("expand1x1_activation", new ReLU(true));
        registerModule("expand3x3", Layers.conv(squeezePlanes, expand3x3Planes, 3, 1, 1, 1, true));
        registerModule("expand3x3_activation", new ReLU(true));
        this.outChannels = expand1x1Planes + expand3x3Planes;
    }

    /** Channels of the concatenated output. */
    @Override
    public long outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        // the expand outputs are not saved for backward: freed once concatenated, on return
        return BlockScope.run(() -> {
            Tensor s = child("squeeze_activation").forward(child("squeeze").forward(x));
            return Torch.cat(List.of(child("expand1x1_activation").forward(child("expand1x1").forward(s)),
                    child("expand3x3_activation").forward(child("expand3x3").forward(s))), 1);
        });
    }
}
