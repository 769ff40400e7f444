package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU6;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * MobileNet v2, as torchvision's {@code MobileNetV2}: {@code features} (stem, 17 inverted
 * residual blocks, 1×1 to 1280) and {@code classifier} = Dropout, Linear (head
 * {@code classifier.1}). Init: conv kaiming_normal fan_out, BatchNorm 1/0, linear N(0, 0.01²).
 *
 * <pre>{@code
 * MobileNetV2 m = new MobileNetV2(1000, 1.0, 8, 0.2);      // mobilenet_v2()
 * m.setSubmodule("classifier.1", new Linear(1280, 10));      // m.classifier[1] = nn.Linear(1280, 10)
 * }</pre>
 */
public class MobileNetV2 extends Module {
    /** torchvision's inverted_residual_setting: expand ratio t, channels c, repeats n, stride s. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    /** {@code MobileNetV2(num_classes, width_mult, round_nearest, dropout)}. */
    public MobileNetV2(long numClasses, double widthMult, long roundNearest, double dropout) {
        ZooChecks.numClasses("MobileNetV2", numClasses);
        ZooChecks.positive("MobileNetV2", "width_mult", widthMult);
        ZooChecks.probability("MobileNetV2", "dropout", dropout);
        if (roundNearest <= 0) {
            throw new IllegalArgumentException("MobileNetV2: round_nearest must be > 0, got " + roundNearest);
        }
        long input = Divisible.make(32 * widthMult, roundNearest);
        long last = Divisible.make(1280 * Math.max(1.0, widthMult), roundNearest);
        Sequential features = new Sequential(
                new ConvNormActivation(3, input, 3, 2, 1, 1, 1e-5, 0.1, () -> new ReLU6(true)));
        for (int[] row : SETTING) {
            long out = Divisible.make(row[1] * widthMult, roundNearest);
            for (int i = 0; i < row[2]; i++) {
                features.append(new InvertedResidual(input, out, i == 0 ? row[3] : 1, row[0]));
                input = out;
            }
        }
        features.append(new ConvNormActivation(input, last, 1, 1, 1, 1, 1e-5, 0.1, () -> new ReLU6(true)));
        registerModule("features", features);
        registerModule("classifier", new Sequential(new Dropout(dropout), new Linear(last, numClasses)));
        ZooInit.convKaimingNormal(this, "fan_out", "leaky_relu");
        ZooInit.batchNormOnesZeros(this);
        ZooInit.linearNormal(this, 0.01);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                F.adaptiveAvgPool2d(child("features").forward(x), new long[] {1, 1}).flatten(1, -1)));
    }
}
