package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * ConvNeXt tiny, small, base and large ("A ConvNet for the 2020s"), as torchvision's
 * {@code ConvNeXt}: {@code features} = stem (Conv2d 4×4 stride 4 with bias, LayerNorm2d), then
 * per stage a Sequential of {@link CNBlock}s and, between stages, a downsampling Sequential
 * (LayerNorm2d, Conv2d 2×2 stride 2); {@code avgpool}; {@code classifier} = LayerNorm2d,
 * Flatten, Linear (head {@code classifier.2}). LayerNorms use eps 1e-6. The stochastic depth
 * probability grows linearly from 0 (first block) to {@code stochastic_depth_prob} (last).
 * Init: Conv2d and Linear weights trunc_normal_(std=0.02), biases 0.
 *
 * <pre>{@code
 * ConvNeXt m = ConvNeXt.create("tiny", 10, 0.1, 1e-6);
 * // convnext_tiny(num_classes=10, stochastic_depth_prob=0.1, layer_scale=1e-6)
 * }</pre>
 */
public class ConvNeXt extends Module {
    static final double EPS = 1e-6;
    // per stage: input channels, output channels (-1: last stage, no downsampling), blocks
    private static final long[][] TINY = {{96, 192, 3}, {192, 384, 3}, {384, 768, 9}, {768, -1, 3}};
    private static final long[][] SMALL = {{96, 192, 3}, {192, 384, 3}, {384, 768, 27}, {768, -1, 3}};
    private static final long[][] BASE = {{128, 256, 3}, {256, 512, 3}, {512, 1024, 27}, {1024, -1, 3}};
    private static final long[][] LARGE = {{192, 384, 3}, {384, 768, 3}, {768, 1536, 27}, {1536, -1, 3}};

    /**
     * A ConvNeXt from its block setting, as {@code ConvNeXt(block_setting, stochastic_depth_prob,
     * layer_scale, num_classes)}.
     *
     * @param blockSetting per stage {input channels, output channels or −1 for none, blocks}
     */
    public ConvNeXt(long[][] blockSetting, double stochasticDepthProb, double layerScale, long numClasses) {
        if (blockSetting == null || blockSetting.length == 0) {
            throw new IllegalArgumentException("ConvNeXt: The block_setting should not be empty");
        }
        ZooChecks.probability("ConvNeXt", "stochastic_depth_prob", stochasticDepthProb);
        if (!Double.isFinite(layerScale)) {
            throw new IllegalArgumentException("ConvNeXt: layer_scale must be a finite number, got " + layerScale);
        }
        ZooChecks.numClasses("ConvNeXt", numClasses);
        long total = 0;
        for (long[] s : blockSetting) {
            if (s == null || s.length != 3 || s[0] < 1 || s[1] < -1 || s[1] == 0 || s[2] < 1) {
                throw new IllegalArgumentException("ConvNeXt: block_setting entries expected {input_channels > 0,"
                        + " out_channels > 0 or -1, num_layers > 0}, got " + java.util.Arrays.toString(s));
            }
            total += s[2];
        }
        Sequential features = new Sequential();
        features.append(new Sequential(Layers.conv(3, blockSetting[0][0], 4, 4, 0, 1, true),
                new LayerNorm2d(blockSetting[0][0], EPS)));
        long id = 0;
        for (long[] s : blockSetting) {
            Sequential stage = new Sequential();
            for (long i = 0; i < s[2]; i++) {
                // torchvision: sd_prob = stochastic_depth_prob * stage_block_id / (total_stage_blocks - 1.0)
                double sd = stochasticDepthProb * id / (total - 1.0);
                stage.append(new CNBlock(s[0], layerScale, total == 1 ? 0.0 : sd));
                id++;
            }
            features.append(stage);
            if (s[1] != -1) {
                features.append(new Sequential(new LayerNorm2d(s[0], EPS), Layers.conv(s[0], s[1], 2, 2, 0, 1, true)));
            }
        }
        registerModule("features", features);
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        long[] last = blockSetting[blockSetting.length - 1];
        long lastChannels = last[1] != -1 ? last[1] : last[0];
        registerModule("classifier", new Sequential(new LayerNorm2d(lastChannels, EPS), new Flatten(1, -1),
                new Linear(lastChannels, numClasses)));
        ZooInit.convLinearTruncNormal(this, 0.02);
    }

    /**
     * {@code convnext_tiny}, {@code _small}, {@code _base} or {@code _large} ({@code arch}
     * "tiny"/"small"/"base"/"large") with torchvision's builder arguments.
     */
    public static ConvNeXt create(String arch, long numClasses, double stochasticDepthProb, double layerScale) {
        long[][] setting = switch (arch == null ? "" : arch) {
            case "tiny" -> TINY;
            case "small" -> SMALL;
            case "base" -> BASE;
            case "large" -> LARGE;
            default -> throw new IllegalArgumentException("ConvNeXt: arch expected tiny, small, base or large, got "
                    + arch);
        };
        return new ConvNeXt(setting, stochasticDepthProb, layerScale, numClasses);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("avgpool").forward(child("features").forward(x))));
    }
}
