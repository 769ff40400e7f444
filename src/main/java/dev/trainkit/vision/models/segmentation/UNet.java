package dev.trainkit.vision.models.segmentation;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Identity;
import dev.trainkit.nn.LoadResult;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ModuleList;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.models.ResNet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * U-Net with a ResNet-18 encoder for semantic segmentation: logits {@code [N, num_classes, H, W]}
 * at the input's resolution. The encoder is the model zoo's {@link ResNet#resnet18} with
 * {@code fc} replaced by {@code Identity}, under the child name {@code encoder}, so its
 * state-dict keys are torchvision's (without {@code fc}) with
 * an {@code encoder.} prefix ({@code encoder.conv1.weight}, {@code encoder.layer1.0.bn1.running_mean},
 * ...) and pretrained ImageNet weights load with {@link #loadEncoderStateDict}. The decoder
 * ({@code decoder.blocks.0..4}) upsamples 2× per stage, concatenates the encoder feature of the
 * same stride (strides 16, 8, 4, 2; none at stride 1) and applies two 3×3 conv + BN + ReLU
 * blocks; {@code segmentation_head} is a 3×3 convolution to {@code num_classes} channels.
 *
 * <pre>{@code
 * UNet model = new UNet(1);                                  // binary: 1 logit per pixel
 * model.loadEncoderStateDict(WeightsFiles.load(resnet18Pth)); // ImageNet encoder, fc ignored
 * Tensor logits = model.forward(images);                     // [N, 1, H, W]
 * // PyTorch: segmentation_models_pytorch.Unet("resnet18", encoder_weights="imagenet", classes=1)
 * //          (the same layout; the decoder's parameter names differ)
 * }</pre>
 *
 * <p>Package: {@code vision.models.segmentation}, after {@code torchvision.models.segmentation}.
 *
 * <p>Input sizes: any {@code H, W >= 1}. The encoder halves the size five times, so an input
 * whose sides are not multiples of 32 is zero-padded at the bottom and right up to the next
 * multiple of 32 and the logits are cropped back to {@code H × W}; multiples of 32 are used as
 * they are. Inputs must be float {@code [N, 3, H, W]}, normalised as the encoder's weights expect.
 */
public class UNet extends Module {
    /** The encoder's total stride: inputs are padded to multiples of it. */
    public static final int OUTPUT_STRIDE = 32;

    /** Channels of the decoder stages by default: 256, 128, 64, 32, 16 (segmentation_models_pytorch's). */
    private static final long[] DEFAULT_DECODER_CHANNELS = {256, 128, 64, 32, 16};

    private static final long[] SKIP_CHANNELS = {256, 128, 64, 64, 0};

    private final long numClasses;

    /** A U-Net with the default decoder channels 256, 128, 64, 32, 16. */
    public UNet(long numClasses) {
        this(numClasses, DEFAULT_DECODER_CHANNELS);
    }

    /**
     * @param numClasses output channels (1 for binary segmentation with a sigmoid loss)
     * @param decoderChannels channels of the 5 decoder stages, from the deepest
     */
    public UNet(long numClasses, long[] decoderChannels) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("UNet: num_classes must be >= 1, got " + numClasses);
        }
        if (decoderChannels == null || decoderChannels.length != 5 || Arrays.stream(decoderChannels).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("UNet: decoder_channels must be 5 positive values, got "
                    + (decoderChannels == null ? "null" : Arrays.toString(decoderChannels)));
        }
        this.numClasses = numClasses;
        registerModule("encoder", resnet18Encoder());
        ModuleList blocks = new ModuleList();
        long in = 512;
        for (int i = 0; i < 5; i++) {
            blocks.append(new DecoderBlock(in, SKIP_CHANNELS[i], decoderChannels[i]));
            in = decoderChannels[i];
        }
        Module decoder = new Decoder(blocks);
        registerModule("decoder", decoder);
        registerModule("segmentation_head", new Conv2d(in, numClasses, 3, 1, 1));
    }

    /**
     * The model zoo's resnet18 with {@code fc} replaced by {@code Identity}: its state dict is
     * torchvision's without {@code fc.*} ({@code avgpool} and {@code fc} hold no state and are
     * not used by {@link #forward}).
     */
    private static ResNet resnet18Encoder() {
        ResNet r = ResNet.resnet18(1); // one output: the fc that Identity replaces stays tiny
        r.setSubmodule("fc", new Identity());
        return r;
    }

    /** The number of output channels. */
    public long numClasses() {
        return numClasses;
    }

    /** The encoder: a zoo {@link ResNet} resnet18 whose {@code fc} is {@code Identity}. */
    public ResNet encoder() {
        return (ResNet) child("encoder");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x == null || x.dim() != 4 || x.size(1) != 3 || !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("UNet: expected a float input [N, 3, H, W], got "
                    + (x == null ? "null" : x.describe()));
        }
        long h = x.size(2);
        long w = x.size(3);
        long padH = (OUTPUT_STRIDE - h % OUTPUT_STRIDE) % OUTPUT_STRIDE;
        long padW = (OUTPUT_STRIDE - w % OUTPUT_STRIDE) % OUTPUT_STRIDE;
        if (padH != 0 || padW != 0) {
            x = F.pad(x, new long[] {0, padW, 0, padH}, "constant", 0);
        }
        List<Tensor> f = encoderFeatures(x);
        Tensor[] skips = {f.get(3), f.get(2), f.get(1), f.get(0), null};
        ModuleList blocks = (ModuleList) child("decoder").child("blocks");
        Tensor d = f.get(4);
        for (int i = 0; i < skips.length; i++) {
            d = ((DecoderBlock) blocks.get(i)).forward(d, skips[i]);
        }
        Tensor out = child("segmentation_head").forward(d);
        if (padH != 0 || padW != 0) {
            out = out.narrow(2, 0, h).narrow(3, 0, w);
        }
        return out;
    }

    /**
     * The encoder's features of {@code x} {@code [N, 3, H, W]} (no padding): strides 2, 4, 8, 16
     * and 32 with 64, 64, 128, 256 and 512 channels, i.e. torchvision resnet18's
     * {@code relu(bn1(conv1(x)))} and the outputs of {@code layer1}..{@code layer4}.
     */
    public List<Tensor> encoderFeatures(Tensor x) {
        Module enc = encoder();
        Tensor f0 = enc.child("relu").forward(enc.child("bn1").forward(enc.child("conv1").forward(x)));
        Tensor f1 = enc.child("layer1").forward(enc.child("maxpool").forward(f0));
        Tensor f2 = enc.child("layer2").forward(f1);
        Tensor f3 = enc.child("layer3").forward(f2);
        Tensor f4 = enc.child("layer4").forward(f3);
        return List.of(f0, f1, f2, f3, f4);
    }

    /**
     * Loads a torchvision resnet18 state dict (keys {@code conv1.weight}, ..., {@code fc.bias})
     * into the encoder ({@code model.encoder.load_state_dict(sd)} without {@code fc}): the
     * {@code fc.*} keys are ignored, every other encoder key must be present with its shape, and
     * no other key may appear. Keys already carrying the {@code encoder.} prefix are accepted too.
     *
     * @throws IllegalArgumentException listing missing, unexpected or mis-shaped keys
     */
    public LoadResult loadEncoderStateDict(Map<String, Tensor> resnet18StateDict) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        resnet18StateDict.forEach((k, v) -> {
            String key = k.startsWith("encoder.") ? k.substring("encoder.".length()) : k;
            if (!key.startsWith("fc.")) {
                sd.put(key, v);
            }
        });
        return encoder().loadStateDict(sd, true);
    }

    @Override
    protected String extraRepr() {
        return "num_classes=" + numClasses;
    }

    /** Holds the decoder blocks under {@code decoder.blocks}. */
    private static final class Decoder extends Module {
        Decoder(ModuleList blocks) {
            registerModule("blocks", blocks);
        }
    }
}
