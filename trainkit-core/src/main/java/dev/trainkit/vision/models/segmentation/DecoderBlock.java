package dev.trainkit.vision.models.segmentation;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * One U-Net decoder stage: nearest 2× upsampling, concatenation with the encoder's skip feature
 * (if any), then two 3×3 conv + BatchNorm + ReLU blocks ({@code conv1}, {@code conv2}), as the
 * {@code DecoderBlock} of segmentation_models_pytorch's {@code Unet}.
 */
final class DecoderBlock extends Module {
    private final long skipChannels;

    DecoderBlock(long inChannels, long skipChannels, long outChannels) {
        this.skipChannels = skipChannels;
        registerModule("conv1", convBnRelu(inChannels + skipChannels, outChannels));
        registerModule("conv2", convBnRelu(outChannels, outChannels));
    }

    private static Sequential convBnRelu(long in, long out) {
        Conv2d conv = new Conv2d(in, out, new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, 1, false,
                "zeros");
        return new Sequential(conv, new BatchNorm2d(out), new ReLU());
    }

    /** Upsamples {@code x} to the skip's size (or 2×) and fuses it with {@code skip} ({@code null} = none). */
    Tensor forward(Tensor x, Tensor skip) {
        if (skip == null) {
            x = F.interpolate(x, 2.0, "nearest", null);
        } else {
            x = F.interpolate(x, new long[] {skip.size(2), skip.size(3)}, "nearest", null);
            x = Torch.cat(List.of(x, skip), 1);
        }
        return child("conv2").forward(child("conv1").forward(x));
    }

    @Override
    protected String extraRepr() {
        return "skip_channels=" + skipChannels;
    }
}
