package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * SqueezeNet 1.0 and 1.1, as torchvision's {@code SqueezeNet}: children {@code features} and
 * {@code classifier} = Dropout, the 1×1 {@code final_conv} ({@code classifier.1}, the head),
 * ReLU, adaptive average pool. Init: kaiming_uniform for convolutions, N(0, 0.01²) for the final
 * one, biases 0.
 *
 * <pre>{@code
 * SqueezeNet m = new SqueezeNet("1_1", 1000, 0.5);                   // squeezenet1_1()
 * m.setSubmodule("classifier.1", new Conv2d(512, 10, 1));             // m.classifier[1] = nn.Conv2d(512, 10, 1)
 * }</pre>
 */
public class SqueezeNet extends Module {
    private long numClasses;

    /** {@code SqueezeNet(version, num_classes, dropout)}; version "1_0" or "1_1". */
    public SqueezeNet(String version, long numClasses, double dropout) {
        ZooChecks.numClasses("SqueezeNet", numClasses);
        this.numClasses = numClasses;
        ZooChecks.probability("SqueezeNet", "dropout", dropout);
        Sequential features;
        if ("1_0".equals(version)) {
            features = new Sequential(Layers.conv(3, 96, 7, 2, 0, 1, true), new ReLU(true), pool(),
                    new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
                    new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192),
                    new Fire(384, 64, 256, 256), pool(), new Fire(512, 64, 256, 256));
        } else if ("1_1".equals(version)) {
            features = new Sequential(Layers.conv(3, 64, 3, 2, 0, 1, true), new ReLU(true), pool(),
                    new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
                    new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
                    new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256),
                    new Fire(512, 64, 256, 256));
        } else {
            throw new IllegalArgumentException("Unsupported SqueezeNet version " + version + ": 1_0 or 1_1 expected");
        }
        registerModule("features", features);
        Conv2d finalConv = Layers.conv(512, numClasses, 1, 1, 0, 1, true);
        registerModule("classifier", new Sequential(new Dropout(dropout), finalConv, new ReLU(true),
                new AdaptiveAvgPool2d(1)));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                if (c == finalConv) {
                    Init.normal_(c.weight, 0, 0.01);
                } else {
                    Init.kaimingUniform_(c.weight, 0, "fan_in", "leaky_relu");
                }
                Init.zeros_(c.bias);
            }
        }
    }

    private static MaxPool2d pool() {
        return new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, true);
    }

    /** {@code num_classes}, as torchvision's {@code SqueezeNet.num_classes}. */
    public long numClasses() {
        return numClasses;
    }

    /**
     * Records a new {@code num_classes} after the head {@code classifier.1} was replaced
     * ({@code model.num_classes = n}, as torchvision's fine-tuning tutorial does).
     */
    public void setNumClasses(long numClasses) {
        ZooChecks.numClasses("SqueezeNet", numClasses);
        this.numClasses = numClasses;
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(child("features").forward(x)).flatten(1, -1));
    }
}
