package dev.trainkit.vision.models;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * AlexNet (the "one weird trick" variant), as torchvision's {@code AlexNet}: children
 * {@code features}, {@code avgpool} (adaptive 6×6, so inputs from 63×63 up work) and
 * {@code classifier} (the head is {@code classifier.6}). Layers keep PyTorch's default init.
 *
 * <pre>{@code
 * AlexNet m = new AlexNet(1000, 0.5);                        // torchvision.models.alexnet()
 * m.setSubmodule("classifier.6", new Linear(4096, 10));       // m.classifier[6] = nn.Linear(4096, 10)
 * }</pre>
 */
public class AlexNet extends Module {

    /** {@code AlexNet(num_classes, dropout)}. */
    public AlexNet(long numClasses, double dropout) {
        ZooChecks.numClasses("AlexNet", numClasses);
        ZooChecks.probability("AlexNet", "dropout", dropout);
        registerModule("features", new Sequential(
                Layers.conv(3, 64, 11, 4, 2, 1, true), new ReLU(true), new MaxPool2d(3, 2, 0),
                Layers.conv(64, 192, 5, 1, 2, 1, true), new ReLU(true), new MaxPool2d(3, 2, 0),
                Layers.conv(192, 384, 3, 1, 1, 1, true), new ReLU(true),
                Layers.conv(384, 256, 3, 1, 1, 1, true), new ReLU(true),
                Layers.conv(256, 256, 3, 1, 1, 1, true), new ReLU(true), new MaxPool2d(3, 2, 0)));
        registerModule("avgpool", new AdaptiveAvgPool2d(6));
        registerModule("classifier", new Sequential(
                new Dropout(dropout), new Linear(256 * 6 * 6, 4096), new ReLU(true),
                new Dropout(dropout), new Linear(4096, 4096), new ReLU(true),
                new Linear(4096, numClasses)));
    }

    @Override
    public Tensor forward(Tensor x) {
        // only the output outlives the pass: autograd alone holds the activations, freed in backward
        return BlockScope.run(() -> child("classifier").forward(
                child("avgpool").forward(child("features").forward(x)).flatten(1, -1)));
    }
}
