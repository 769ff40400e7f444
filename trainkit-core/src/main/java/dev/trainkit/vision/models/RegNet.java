package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RegNetX and RegNetY ("Designing Network Design Spaces"), as torchvision's {@code RegNet}:
 * {@code stem} ({@link SimpleStemIN}), {@code trunk_output} = {@code block1..blockN}
 * ({@link AnyStage}s of {@link ResBottleneckBlock}s), {@code avgpool}, {@code fc} (the head).
 * RegNetY blocks carry a squeeze-excitation layer (se_ratio 0.25), RegNetX blocks none.
 * Init as torchvision: conv weights N(0, 2/fan_out) with fan_out = k·k·out_channels,
 * BatchNorm 1/0, Linear N(0, 0.01²) with zero bias (the SE convolutions keep their default bias).
 *
 * <pre>{@code
 * RegNet m = RegNet.create("regnet_y_400mf", 10, 32);   // regnet_y_400mf(num_classes=10, stem_width=32)
 * Tensor logits = m.forward(Torch.randn(2, 3, 224, 224));
 * }</pre>
 */
public class RegNet extends Module {
    /** The design-space parameters of torchvision's builders: depth, w_0, w_a, w_m, group_width, se_ratio. */
    private static final Map<String, double[]> CONFIGS = Map.ofEntries(
            Map.entry("regnet_y_400mf", new double[] {16, 48, 27.89, 2.09, 8, 0.25}),
            Map.entry("regnet_y_800mf", new double[] {14, 56, 38.84, 2.4, 16, 0.25}),
            Map.entry("regnet_y_1_6gf", new double[] {27, 48, 20.71, 2.65, 24, 0.25}),
            Map.entry("regnet_y_3_2gf", new double[] {21, 80, 42.63, 2.66, 24, 0.25}),
            Map.entry("regnet_y_8gf", new double[] {17, 192, 76.82, 2.19, 56, 0.25}),
            Map.entry("regnet_y_16gf", new double[] {18, 200, 106.23, 2.48, 112, 0.25}),
            Map.entry("regnet_y_32gf", new double[] {20, 232, 115.89, 2.53, 232, 0.25}),
            Map.entry("regnet_y_128gf", new double[] {27, 456, 160.83, 2.52, 264, 0.25}),
            Map.entry("regnet_x_400mf", new double[] {22, 24, 24.48, 2.54, 16, 0}),
            Map.entry("regnet_x_800mf", new double[] {16, 56, 35.73, 2.28, 16, 0}),
            Map.entry("regnet_x_1_6gf", new double[] {18, 80, 34.01, 2.25, 24, 0}),
            Map.entry("regnet_x_3_2gf", new double[] {25, 88, 26.31, 2.25, 48, 0}),
            Map.entry("regnet_x_8gf", new double[] {23, 80, 49.56, 2.88, 120, 0}),
            Map.entry("regnet_x_16gf", new double[] {22, 216, 55.59, 2.1, 128, 0}),
            Map.entry("regnet_x_32gf", new double[] {23, 320, 69.86, 2.0, 168, 0}));

    /** torchvision's RegNet builders, in its order. */
    public static final List<String> ARCHS = List.of("regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf",
            "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf", "regnet_x_400mf",
            "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf", "regnet_x_32gf");

    private final long numFeatures;

    /**
     * {@code RegNet(block_params, num_classes, stem_width)} with torchvision's default stem, block,
     * BatchNorm (eps 1e-5, momentum 0.1) and ReLU.
     */
    public RegNet(BlockParams blockParams, long numClasses, long stemWidth) {
        if (blockParams == null || blockParams.numStages() == 0) {
            throw new IllegalArgumentException("RegNet: block_params expected at least one stage, got " + blockParams);
        }
        ZooChecks.numClasses("RegNet", numClasses);
        if (stemWidth < 1) {
            throw new IllegalArgumentException("RegNet: stem_width must be > 0, got " + stemWidth);
        }
        registerModule("stem", new SimpleStemIN(3, stemWidth));
        OrderedModules trunk = new OrderedModules();
        long width = stemWidth;
        for (int i = 0; i < blockParams.numStages(); i++) {
            long out = blockParams.widths()[i];
            trunk.add("block" + (i + 1), new AnyStage(width, out, blockParams.strides()[i], blockParams.depths()[i],
                    blockParams.groupWidths()[i], blockParams.bottleneckMultipliers()[i], blockParams.seRatio(),
                    i + 1));
            width = out;
        }
        registerModule("trunk_output", trunk);
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("fc", new Linear(width, numClasses));
        this.numFeatures = width;
        init();
    }

    /** torchvision's ResNet-style init loop over {@code modules()}. */
    private void init() {
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                long[] s = c.weight.shape();
                Init.normal_(c.weight, 0, Math.sqrt(2.0 / (s[2] * s[3] * s[0])));
            } else if (m instanceof BatchNormBase bn && bn.weight != null) {
                Init.ones_(bn.weight);
                Init.zeros_(bn.bias);
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight, 0, 0.01);
                Init.zeros_(l.bias);
            }
        }
    }

    /**
     * One of torchvision's builders ({@code regnet_y_400mf} … {@code regnet_x_32gf}) with its
     * keyword arguments {@code num_classes} and {@code stem_width}.
     */
    public static RegNet create(String arch, long numClasses, long stemWidth) {
        double[] c = CONFIGS.get(arch);
        if (c == null) {
            throw new IllegalArgumentException("RegNet: arch expected one of " + ARCHS + ", got " + arch);
        }
        return new RegNet(BlockParams.fromInitParams((long) c[0], (long) c[1], c[2], c[3], (long) c[4], 1.0, c[5]),
                numClasses, stemWidth);
    }

    /** Channels entering {@code fc} (the last stage's width). */
    public long numFeatures() {
        return numFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("fc").forward(
                child("avgpool").forward(child("trunk_output").forward(child("stem").forward(x))).flatten(1, -1)));
    }
}
