package dev.trainkit.vision.models;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * DenseNet-BC, as torchvision's {@code DenseNet}: {@code features} (conv0, norm0, relu0, pool0,
 * denseblock1, transition1, ..., denseblock4, norm5) and the linear head {@code classifier}.
 * Init: conv kaiming_normal (fan_in), BatchNorm 1/0, linear bias 0. torchvision's
 * {@code memory_efficient} (gradient checkpointing) is not offered.
 *
 * <pre>{@code
 * DenseNet m = DenseNet.densenet121(1000);                 // torchvision.models.densenet121()
 * m.setSubmodule("classifier", new Linear(1024, 5));        // m.classifier = nn.Linear(1024, 5)
 * }</pre>
 */
public class DenseNet extends Module {

    /**
     * {@code DenseNet(growth_rate, block_config, num_init_features, bn_size, drop_rate,
     * num_classes)}.
     */
    public DenseNet(long growthRate, int[] blockConfig, long numInitFeatures, long bnSize, double dropRate,
            long numClasses) {
        ZooChecks.numClasses("DenseNet", numClasses);
        ZooChecks.probability("DenseNet", "drop_rate", dropRate);
        if (blockConfig == null || blockConfig.length == 0) {
            throw new IllegalArgumentException("DenseNet: block_config must list the layers of each block");
        }
        if (growthRate <= 0 || bnSize <= 0 || numInitFeatures <= 0) {
            throw new IllegalArgumentException("DenseNet: growth_rate, bn_size and num_init_features must be > 0,"
                    + " got " + growthRate + ", " + bnSize + ", " + numInitFeatures);
        }
        OrderedModules features = new OrderedModules()
                .add("conv0", Layers.conv(3, numInitFeatures, 7, 2, 3, 1, false))
                .add("norm0", Layers.bn(numInitFeatures))
                .add("relu0", new ReLU(true)) // ReLU(inplace=True), as torchvision
                .add("pool0", new MaxPool2d(3, 2, 1));
        long n = numInitFeatures;
        for (int i = 0; i < blockConfig.length; i++) {
            features.add("denseblock" + (i + 1), new DenseBlock(blockConfig[i], n, bnSize, growthRate, dropRate));
            n += blockConfig[i] * growthRate;
            if (i != blockConfig.length - 1) {
                features.add("transition" + (i + 1), new Transition(n, n / 2));
                n /= 2;
            }
        }
        features.add("norm5", Layers.bn(n));
        registerModule("features", features);
        registerModule("classifier", new Linear(n, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_in", "leaky_relu");
            } else if (m instanceof Linear l) {
                Init.zeros_(l.bias);
            }
        }
        ZooInit.batchNormOnesZeros(this);
    }

    /** densenet121: growth 32, blocks (6, 12, 24, 16), 64 initial features. */
    public static DenseNet densenet121(long numClasses) {
        return new DenseNet(32, new int[] {6, 12, 24, 16}, 64, 4, 0, numClasses);
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> outputs(x));
    }

    /** The forward pass, run by {@link #forward} in its own scope. */
    private Tensor outputs(Tensor x) {
        Tensor out = child("features").forward(x).relu_(); // F.relu(features, inplace=True)
        out = F.adaptiveAvgPool2d(out, new long[] {1, 1}).flatten(1, -1);
        return child("classifier").forward(out);
    }
}
