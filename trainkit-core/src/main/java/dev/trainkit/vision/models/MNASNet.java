package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * MNASNet B1 with a depth multiplier, as torchvision's {@code MNASNet} (version 2 stem, scaled
 * with alpha): {@code layers} and {@code classifier} = Dropout, Linear (head
 * {@code classifier.1}). BatchNorm momentum is 1 − 0.9997. Init: conv kaiming_normal
 * fan_out/relu, BatchNorm 1/0, linear kaiming_uniform fan_out/sigmoid, biases 0.
 *
 * <pre>{@code
 * MNASNet m = new MNASNet(1.0, 1000, 0.2);                 // mnasnet1_0()
 * m.setSubmodule("classifier.1", new Linear(1280, 10));
 * }</pre>
 */
public class MNASNet extends Module {
    static final double BN_MOMENTUM = 1 - 0.9997;

    /** {@code MNASNet(alpha, num_classes, dropout)}. */
    public MNASNet(double alpha, long numClasses, double dropout) {
        if (!(alpha > 0.0)) {
            throw new IllegalArgumentException("alpha should be greater than 0.0 instead of " + alpha);
        }
        ZooChecks.numClasses("MNASNet", numClasses);
        ZooChecks.probability("MNASNet", "dropout", dropout);
        long[] d = depths(alpha);
        Sequential layers = new Sequential(
                Layers.conv(3, d[0], 3, 2, 1, 1, false), Layers.bn(d[0], 1e-5, BN_MOMENTUM), new ReLU(true),
                Layers.conv(d[0], d[0], 3, 1, 1, d[0], false), Layers.bn(d[0], 1e-5, BN_MOMENTUM), new ReLU(true),
                Layers.conv(d[0], d[1], 1, 1, 0, 1, false), Layers.bn(d[1], 1e-5, BN_MOMENTUM),
                stack(d[1], d[2], 3, 2, 3, 3), stack(d[2], d[3], 5, 2, 3, 3), stack(d[3], d[4], 5, 2, 6, 3),
                stack(d[4], d[5], 3, 1, 6, 2), stack(d[5], d[6], 5, 2, 6, 4), stack(d[6], d[7], 3, 1, 6, 1),
                Layers.conv(d[7], 1280, 1, 1, 0, 1, false), Layers.bn(1280, 1e-5, BN_MOMENTUM), new ReLU(true));
        registerModule("layers", layers);
        registerModule("classifier", new Sequential(new Dropout(dropout, true), new Linear(1280, numClasses)));
        ZooInit.convKaimingNormal(this, "fan_out", "relu");
        ZooInit.batchNormOnesZeros(this);
        for (Module m : modules()) {
            if (m instanceof Linear l) {
                Init.kaimingUniform_(l.weight, 0, "fan_out", "sigmoid");
                Init.zeros_(l.bias);
            }
        }
    }

    /** torchvision's {@code _get_depths(alpha)}. */
    static long[] depths(double alpha) {
        long[] base = {32, 16, 24, 40, 80, 96, 192, 320};
        long[] out = new long[base.length];
        for (int i = 0; i < base.length; i++) {
            out[i] = Divisible.roundToMultipleOf(base[i] * alpha, 8);
        }
        return out;
    }

    private static Sequential stack(long in, long out, long kernel, long stride, long exp, int repeats) {
        Sequential s = new Sequential(new MNASNetInvertedResidual(in, out, kernel, stride, exp, BN_MOMENTUM));
        for (int i = 1; i < repeats; i++) {
            s.append(new MNASNetInvertedResidual(out, out, kernel, 1, exp, BN_MOMENTUM));
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("layers").forward(x).mean(new long[] {2, 3}, false)));
    }
}
