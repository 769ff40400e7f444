package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.SiLU;
import dev.trainkit.tensor.Tensor;

/**
 * EfficientNet B0–B7 and V2 S/M/L, as torchvision's {@code EfficientNet}: {@code features} =
 * stem conv ({@code features.0}), one Sequential of {@link MBConv}/{@link FusedMBConv} blocks
 * per stage ({@code features.1} … {@code features.N-2}), a 1×1 conv ({@code features.N-1});
 * {@code avgpool}; {@code classifier} = Dropout, Linear (head {@code classifier.1}). Block i of
 * n gets stochastic depth probability {@code stochastic_depth_prob·i/n}. Init: conv
 * kaiming_normal fan_out, BatchNorm 1/0, linear U(±1/√out_features), biases 0.
 *
 * <pre>{@code
 * EfficientNet m = EfficientNet.create("b0", 10, 0.2, 0.2);
 * // efficientnet_b0(num_classes=10)   (dropout=0.2 is fixed by the builder)
 * EfficientNet v2 = EfficientNet.create("v2_s", 1000, 0.2, 0.2);   // efficientnet_v2_s()
 * }</pre>
 */
public class EfficientNet extends Module {

    private EfficientNet(EfficientNetConfig c, long numClasses, double dropout, double stochasticDepthProb) {
        ZooChecks.numClasses("EfficientNet", numClasses);
        ZooChecks.probability("EfficientNet", "dropout", dropout);
        ZooChecks.probability("EfficientNet", "stochastic_depth_prob", stochasticDepthProb);
        Sequential features = new Sequential();
        double[][] rows = c.rows();
        long firstOut = channels(c, rows[0], rows[0][3]);
        features.append(new ConvNormActivation(3, firstOut, 3, 2, 1, 1, c.eps(), c.momentum(),
                () -> new SiLU(true)));
        int total = 0;
        for (double[] r : rows) {
            total += layers(c, r);
        }
        int blockId = 0;
        long lastOut = 0;
        for (double[] r : rows) {
            long in = channels(c, r, r[3]);
            long out = channels(c, r, r[4]);
            Sequential stage = new Sequential();
            for (int i = 0, n = layers(c, r); i < n; i++) {
                long blockIn = i == 0 ? in : out;
                long stride = i == 0 ? (long) r[2] : 1;
                double sd = stochasticDepthProb * (double) blockId / total;
                stage.append(r[6] == 1
                        ? new FusedMBConv(blockIn, out, r[0], (long) r[1], stride, sd, c.eps(), c.momentum())
                        : new MBConv(blockIn, out, r[0], (long) r[1], stride, sd, c.eps(), c.momentum()));
                blockId++;
            }
            features.append(stage);
            lastOut = out;
        }
        long lastConv = c.lastChannel() > 0 ? c.lastChannel() : 4 * lastOut;
        features.append(new ConvNormActivation(lastOut, lastConv, 1, 1, 1, 1, c.eps(), c.momentum(),
                () -> new SiLU(true)));
        registerModule("features", features);
        registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("classifier", new Sequential(new Dropout(dropout, true), new Linear(lastConv, numClasses)));
        ZooInit.convKaimingNormal(this, "fan_out", "leaky_relu");
        ZooInit.batchNormOnesZeros(this);
        for (Module m : modules()) {
            if (m instanceof Linear l) {
                double range = 1.0 / Math.sqrt(l.weight.shape()[0]);
                Init.uniform_(l.weight, -range, range);
                Init.zeros_(l.bias);
            }
        }
    }

    /** MBConv rows scale channels by the width multiplier; fused (V2) rows keep them. */
    private static long channels(EfficientNetConfig c, double[] row, double channels) {
        return EfficientNetConfig.adjustChannels(channels, row[6] == 1 ? 1.0 : c.widthMult());
    }

    private static int layers(EfficientNetConfig c, double[] row) {
        return row[6] == 1 ? (int) row[5] : EfficientNetConfig.adjustDepth(row[5], c.depthMult());
    }

    /**
     * {@code efficientnet_<arch>} with torchvision's {@code EfficientNet(...)} arguments.
     *
     * @param arch {@code b0} … {@code b7}, {@code v2_s}, {@code v2_m}, {@code v2_l}
     * @param numClasses classifier outputs
     * @param dropout classifier dropout (the builders fix it: see {@link #defaultDropout})
     * @param stochasticDepthProb the last block's stochastic depth probability (0.2 by default)
     */
    public static EfficientNet create(String arch, long numClasses, double dropout, double stochasticDepthProb) {
        return new EfficientNet(EfficientNetConfig.of(arch), numClasses, dropout, stochasticDepthProb);
    }

    /** The classifier dropout the builder {@code efficientnet_<arch>} passes (0.2 for b0). */
    public static double defaultDropout(String arch) {
        return EfficientNetConfig.of(arch).dropout();
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("avgpool").forward(child("features").forward(x)).flatten(1, -1)));
    }
}
