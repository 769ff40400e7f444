package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Hardswish;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * MobileNet v3 large and small, as torchvision's {@code MobileNetV3}: {@code features},
 * {@code avgpool}, {@code classifier} = Linear, Hardswish, Dropout, Linear (head
 * {@code classifier.3}). Init: conv kaiming_normal fan_out, BatchNorm 1/0, linear N(0, 0.01²).
 *
 * <pre>{@code
 * MobileNetV3 m = MobileNetV3.create("small", 10, 0.1, 1.0, false, false);
 * // mobilenet_v3_small(num_classes=10, dropout=0.1)
 * }</pre>
 */
public class MobileNetV3 extends Module {
    // input, kernel, expanded, out, use_se, use_hs, stride (dilation applies to the C4 rows)
    private static final int[][] LARGE = {
        {16, 3, 16, 16, 0, 0, 1}, {16, 3, 64, 24, 0, 0, 2}, {24, 3, 72, 24, 0, 0, 1}, {24, 5, 72, 40, 1, 0, 2},
        {40, 5, 120, 40, 1, 0, 1}, {40, 5, 120, 40, 1, 0, 1}, {40, 3, 240, 80, 0, 1, 2}, {80, 3, 200, 80, 0, 1, 1},
        {80, 3, 184, 80, 0, 1, 1}, {80, 3, 184, 80, 0, 1, 1}, {80, 3, 480, 112, 1, 1, 1},
        {112, 3, 672, 112, 1, 1, 1}, {112, 5, 672, 160, 1, 1, 2}, {160, 5, 960, 160, 1, 1, 1},
        {160, 5, 960, 160, 1, 1, 1}};
    private static final int[][] SMALL = {
        {16, 3, 16, 16, 1, 0, 2}, {16, 3, 72, 24, 0, 0, 2}, {24, 3, 88, 24, 0, 0, 1}, {24, 5, 96, 40, 1, 1, 2},
        {40, 5, 240, 40, 1, 1, 1}, {40, 5, 240, 40, 1, 1, 1}, {40, 5, 120, 48, 1, 1, 1}, {48, 5, 144, 48, 1, 1, 1},
        {48, 5, 288, 96, 1, 1, 2}, {96, 5, 576, 96, 1, 1, 1}, {96, 5, 576, 96, 1, 1, 1}};

    private MobileNetV3(int[][] rows, int tailFrom, long lastChannel, long numClasses, double dropout,
            double widthMult, boolean reducedTail, boolean dilated) {
        ZooChecks.numClasses("MobileNetV3", numClasses);
        ZooChecks.probability("MobileNetV3", "dropout", dropout);
        ZooChecks.positive("MobileNetV3", "width_mult", widthMult);
        int div = reducedTail ? 2 : 1;
        Sequential features = new Sequential();
        long firstOut = adjust(rows[0][0], widthMult);
        features.append(new ConvNormActivation(3, firstOut, 3, 2, 1, 1, InvertedResidualV3.EPS,
                InvertedResidualV3.MOMENTUM, () -> new Hardswish(true)));
        long lastOut = 0;
        for (int i = 0; i < rows.length; i++) {
            int[] r = rows[i];
            boolean tail = i >= tailFrom;
            // reduced_tail halves the C4 stage's channels (not the first input), as torchvision's conf
            long in = adjust(tail && i > tailFrom ? r[0] / div : r[0], widthMult);
            long expanded = adjust(tail && i > tailFrom ? r[2] / div : r[2], widthMult);
            long out = adjust(tail ? r[3] / div : r[3], widthMult);
            features.append(new InvertedResidualV3(in, r[1], expanded, out, r[4] == 1, r[5] == 1, r[6],
                    tail && dilated ? 2 : 1));
            lastOut = out;
        }
        features.append(new ConvNormActivation(lastOut, 6 * lastOut, 1, 1, 1, 1, InvertedResidualV3.EPS,
                InvertedResidualV3.MOMENTUM, () -> new Hardswish(true)));
        registerModule("features", features);
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        long last = adjust(lastChannel / div, widthMult);
        registerModule("classifier", new Sequential(new Linear(6 * lastOut, last), new Hardswish(true),
                new Dropout(dropout, true), new Linear(last, numClasses)));
        ZooInit.convKaimingNormal(this, "fan_out", "leaky_relu");
        ZooInit.batchNormOnesZeros(this);
        ZooInit.linearNormal(this, 0.01);
    }

    private static long adjust(long channels, double widthMult) {
        return Divisible.make(channels * widthMult, 8);
    }

    /**
     * {@code mobilenet_v3_large} or {@code mobilenet_v3_small} ({@code arch} "large"/"small")
     * with torchvision's builder arguments.
     */
    public static MobileNetV3 create(String arch, long numClasses, double dropout, double widthMult,
            boolean reducedTail, boolean dilated) {
        return switch (arch) {
            case "large" -> new MobileNetV3(LARGE, 12, 1280, numClasses, dropout, widthMult, reducedTail, dilated);
            case "small" -> new MobileNetV3(SMALL, 8, 1024, numClasses, dropout, widthMult, reducedTail, dilated);
            default -> throw new IllegalArgumentException("Unsupported model type " + arch + ": large or small");
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("avgpool").forward(child("features").forward(x)).flatten(1, -1)));
    }
}
