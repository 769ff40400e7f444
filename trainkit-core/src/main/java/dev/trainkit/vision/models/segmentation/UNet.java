package dev.trainkit.vision.models.segmentation;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Identity;
import dev.trainkit.nn.LoadResult;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ModuleList;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.vision.models.FeatureStage;
import dev.trainkit.vision.models.Features;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * U-Net for semantic segmentation: logits {@code [N, num_classes, H, W]} at the input's
 * resolution. The encoder is a model-zoo model (ResNet-18 by default; any family with
 * {@link Features} stages at power-of-two strides up to 32 whose maps are exactly input / stride:
 * ResNet, ConvNeXt, EfficientNet, MobileNet, MNASNet, RegNet, Swin, VGG, DenseNet, GoogLeNet,
 * ShuffleNet V2; not AlexNet and Inception v3, whose unpadded convolutions give smaller maps, nor
 * SqueezeNet and ViT, whose deepest stride is 16) with its classifier heads replaced by
 * {@code Identity}, under the child name
 * {@code encoder}, so its state-dict keys are torchvision's (without the heads) with an
 * {@code encoder.} prefix ({@code encoder.conv1.weight}, {@code encoder.layer1.0.bn1.running_mean},
 * ...) and pretrained ImageNet weights load with {@link #loadEncoderStateDict}. The decoder
 * ({@code decoder.blocks.0..4}) upsamples 2× per stage, concatenates the encoder feature of the
 * same stride (strides 16, 8, 4, 2 where the encoder has one; none at stride 1) and applies two
 * 3×3 conv + BN + ReLU blocks; {@code segmentation_head} is a 3×3 convolution to
 * {@code num_classes} channels.
 *
 * <pre>{@code
 * UNet model = new UNet(1);                                  // binary: 1 logit per pixel
 * model.loadEncoderStateDict(WeightsFiles.load(resnet18Pth)); // ImageNet encoder, fc ignored
 * Tensor logits = model.forward(images);                     // [N, 1, H, W]
 * UNet cn = new UNet("convnext_tiny", 3);                     // UNet(encoder='convnext_tiny', num_classes=3)
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

    private final long numClasses;
    private final String encoderSpec;
    private final List<String> headPaths;
    /** The encoder stages the decoder uses (the last at each stride), shallow to deep. */
    private final List<FeatureStage> stages;

    /** A U-Net with a ResNet-18 encoder and the default decoder channels 256, 128, 64, 32, 16. */
    public UNet(long numClasses) {
        this(numClasses, DEFAULT_DECODER_CHANNELS);
    }

    /**
     * A U-Net with a ResNet-18 encoder.
     *
     * @param numClasses output channels (1 for binary segmentation with a sigmoid loss)
     * @param decoderChannels channels of the 5 decoder stages, from the deepest
     */
    public UNet(long numClasses, long[] decoderChannels) {
        this("resnet18", numClasses, decoderChannels);
    }

    /** A U-Net with the encoder {@code encoder} (a zoo spec) and the default decoder channels. */
    public UNet(String encoder, long numClasses) {
        this(encoder, numClasses, DEFAULT_DECODER_CHANNELS);
    }

    /**
     * A U-Net whose encoder is the zoo model {@code encoder}, e.g. {@code "convnext_tiny"} or
     * {@code "resnet50(replace_stride_with_dilation=[False, False, False])"}.
     *
     * @throws IllegalArgumentException for an encoder without feature stages at strides 2^k up
     *     to 32, or whose maps are not exactly input / stride (checked on a 32×64 input), or bad channels
     */
    public UNet(String encoder, long numClasses, long[] decoderChannels) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("UNet: num_classes must be >= 1, got " + numClasses);
        }
        if (decoderChannels == null || decoderChannels.length != 5 || Arrays.stream(decoderChannels).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("UNet: decoder_channels must be 5 positive values, got "
                    + (decoderChannels == null ? "null" : Arrays.toString(decoderChannels)));
        }
        this.numClasses = numClasses;
        this.encoderSpec = encoder;
        // one output: the classifier that Identity replaces stays tiny
        Module enc = Models.create(withOneClass(encoder));
        this.headPaths = Models.family(enc).headPaths(enc);
        for (String h : headPaths) {
            enc.setSubmodule(h, new Identity());
        }
        this.stages = decoderStages(encoder, Features.stages(enc));
        checkMapSizes(encoder, enc, stages);
        registerModule("encoder", enc);
        ModuleList blocks = new ModuleList();
        long in = stages.get(stages.size() - 1).channels();
        for (int i = 0; i < 5; i++) {
            FeatureStage skip = stageAt(OUTPUT_STRIDE >> (i + 1));
            blocks.append(new DecoderBlock(in, skip == null ? 0 : skip.channels(), decoderChannels[i]));
            in = decoderChannels[i];
        }
        Module decoder = new Decoder(blocks);
        registerModule("decoder", decoder);
        registerModule("segmentation_head", new Conv2d(in, numClasses, 3, 1, 1));
    }

    /** {@code encoder} with {@code num_classes=1} unless the spec sets it. */
    private static SpecCall withOneClass(String encoder) {
        SpecCall call = SpecParser.parse(encoder);
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>(call.kwargs());
        kwargs.putIfAbsent("num_classes", 1L);
        return new SpecCall(call.name(), call.args(), kwargs);
    }

    /** The last stage at each stride; the strides must be powers of two ending at 32. */
    private static List<FeatureStage> decoderStages(String encoder, List<FeatureStage> all) {
        List<FeatureStage> out = new ArrayList<>();
        for (FeatureStage s : all) {
            if (!out.isEmpty() && out.get(out.size() - 1).reduction() == s.reduction()) {
                out.set(out.size() - 1, s);
            } else {
                out.add(s);
            }
        }
        boolean ok = out.get(out.size() - 1).reduction() == OUTPUT_STRIDE;
        for (FeatureStage s : out) {
            ok &= Long.bitCount(s.reduction()) == 1 && s.reduction() <= OUTPUT_STRIDE;
        }
        if (!ok) {
            throw new IllegalArgumentException("UNet: encoder '" + encoder + "' has feature strides "
                    + all.stream().map(s -> s.name() + "@" + s.reduction()).toList() + "; the U-Net needs stages at"
                    + " power-of-two strides ending at " + OUTPUT_STRIDE);
        }
        return List.copyOf(out);
    }

    /**
     * Runs the encoder once on the smallest input the U-Net feeds it, {@code [1, 3, 32, 64]}: every
     * decoder stage's map must be exactly input / stride, as the decoder concatenates it with the
     * upsampled deeper map (unpadded convolutions and pools, as in AlexNet and Inception v3, give
     * smaller maps).
     */
    private static void checkMapSizes(String encoder, Module enc, List<FeatureStage> stages) {
        long h = OUTPUT_STRIDE;
        long w = 2 * OUTPUT_STRIDE;
        boolean training = enc.isTraining();
        enc.eval();
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Map<String, Tensor> f;
            try {
                f = Features.extract(enc, Torch.zeros(1, 3, h, w),
                        stages.stream().map(FeatureStage::name).toArray(String[]::new));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("UNet: encoder '" + encoder + "' cannot run on a " + h + "x" + w
                        + " input, the smallest the U-Net feeds it: " + e.getMessage(), e);
            }
            List<String> off = new ArrayList<>();
            for (FeatureStage s : stages) {
                Tensor t = f.get(s.name());
                if (t.size(2) != h / s.reduction() || t.size(3) != w / s.reduction()) {
                    off.add(s.name() + " (stride " + s.reduction() + "): " + t.size(2) + "x" + t.size(3) + " instead of "
                            + h / s.reduction() + "x" + w / s.reduction());
                }
            }
            if (!off.isEmpty()) {
                throw new IllegalArgumentException("UNet: encoder '" + encoder + "' gives feature maps smaller than"
                        + " input/stride (unpadded convolutions or pools) for a " + h + "x" + w + " input: "
                        + String.join("; ", off) + "; the decoder concatenates each map with the upsampled deeper"
                        + " one, so it needs exact sizes");
            }
        } finally {
            enc.train(training);
        }
    }

    private FeatureStage stageAt(long reduction) {
        return stages.stream().filter(s -> s.reduction() == reduction).findFirst().orElse(null);
    }

    /** The number of output channels. */
    public long numClasses() {
        return numClasses;
    }

    /** The encoder: the zoo model named by the spec, its classifier heads replaced by {@code Identity}. */
    public Module encoder() {
        return child("encoder");
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
        ModuleList blocks = (ModuleList) child("decoder").child("blocks");
        Tensor d = f.get(f.size() - 1);
        for (int i = 0; i < 5; i++) {
            FeatureStage skip = stageAt(OUTPUT_STRIDE >> (i + 1));
            d = ((DecoderBlock) blocks.get(i)).forward(d, skip == null ? null : f.get(stages.indexOf(skip)));
        }
        Tensor out = child("segmentation_head").forward(d);
        if (padH != 0 || padW != 0) {
            out = out.narrow(2, 0, h).narrow(3, 0, w);
        }
        return out;
    }

    /**
     * The encoder's features of {@code x} {@code [N, 3, H, W]} (no padding) that the decoder
     * uses, shallow to deep: the last {@link Features} stage at each stride. For ResNet-18:
     * strides 2, 4, 8, 16 and 32 with 64, 64, 128, 256 and 512 channels, i.e. torchvision
     * resnet18's {@code relu(bn1(conv1(x)))} and the outputs of {@code layer1}..{@code layer4}.
     */
    public List<Tensor> encoderFeatures(Tensor x) {
        String[] names = stages.stream().map(FeatureStage::name).toArray(String[]::new);
        return new ArrayList<>(Features.extract(encoder(), x, names).values());
    }

    /**
     * Loads a torchvision state dict of the encoder's architecture (e.g. resnet18's keys
     * {@code conv1.weight}, ..., {@code fc.bias}) into the encoder
     * ({@code model.encoder.load_state_dict(sd)} without the classifier head): the head's keys
     * ({@code fc.*}, {@code classifier.2.*}, ...) are ignored, every other encoder key must be
     * present with its shape, and no other key may appear. Keys already carrying the
     * {@code encoder.} prefix are accepted too.
     *
     * @throws IllegalArgumentException listing missing, unexpected or mis-shaped keys
     */
    public LoadResult loadEncoderStateDict(Map<String, Tensor> encoderStateDict) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        encoderStateDict.forEach((k, v) -> {
            String key = k.startsWith("encoder.") ? k.substring("encoder.".length()) : k;
            if (headPaths.stream().noneMatch(h -> key.startsWith(h + "."))) {
                sd.put(key, v);
            }
        });
        return encoder().loadStateDict(sd, true);
    }

    @Override
    protected String extraRepr() {
        return "encoder='" + encoderSpec + "', num_classes=" + numClasses;
    }

    /** Holds the decoder blocks under {@code decoder.blocks}. */
    private static final class Decoder extends Module {
        Decoder(ModuleList blocks) {
            registerModule("blocks", blocks);
        }
    }
}
