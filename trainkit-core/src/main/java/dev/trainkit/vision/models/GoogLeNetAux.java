package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;

/**
 * GoogLeNet's auxiliary classifier, as torchvision's {@code googlenet.InceptionAux}: adaptive
 * 4×4 average pool, {@code conv} (1×1 to 128), {@code fc1} (2048→1024), ReLU, {@code dropout},
 * {@code fc2}.
 *
 * <pre>{@code
 * GoogLeNetAux aux = new GoogLeNetAux(512, 1000, 0.7);   // aux1
 * }</pre>
 */
public class GoogLeNetAux extends Module {

    /** {@code InceptionAux(in_channels, num_classes, dropout)}. */
    public GoogLeNetAux(long in, long numClasses, double dropout) {
        registerModule("conv", BasicConv2d.of(in, 128, 1, 1, 0));
        registerModule("fc1", new Linear(2048, 1024));
        registerModule("fc2", new Linear(1024, numClasses));
        registerModule("dropout", new Dropout(ZooChecks.probability("GoogLeNet", "dropout_aux", dropout)));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = child("conv").forward(F.adaptiveAvgPool2d(x, new long[] {4, 4})).flatten(1, -1);
        x = child("dropout").forward(F.relu(child("fc1").forward(x)));
        return child("fc2").forward(x);
    }
}
