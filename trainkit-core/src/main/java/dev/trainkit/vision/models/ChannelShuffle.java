package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;

/**
 * ShuffleNet's channel shuffle as a function, as torchvision's {@code channel_shuffle(x, groups)}:
 * view (N, g, C/g, H, W), swap the two channel axes, flatten back.
 *
 * <pre>{@code
 * Tensor y = ChannelShuffle.apply(x, 2);   // torchvision.models.shufflenetv2.channel_shuffle(x, 2)
 * }</pre>
 */
public final class ChannelShuffle {
    private ChannelShuffle() {
    }

    /** Shuffles the channels of an (N, C, H, W) tensor in {@code groups} groups. */
    public static Tensor apply(Tensor x, long groups) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("channel_shuffle: expected an (N, C, H, W) input, got " + x.describe());
        }
        long[] s = x.shape();
        if (groups <= 0 || s[1] % groups != 0) {
            throw new IllegalArgumentException("channel_shuffle: channels (" + s[1] + ") must be divisible by groups ("
                    + groups + ")");
        }
        return x.view(s[0], groups, s[1] / groups, s[2], s[3]).transpose(1, 2).contiguous()
                .view(s[0], -1, s[2], s[3]);
    }
}
