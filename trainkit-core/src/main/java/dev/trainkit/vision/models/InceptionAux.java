package dev.trainkit.vision.models;

import dev.trainkit.nn.F;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;

/**
 * Inception v3's auxiliary classifier on the 17×17 grid, as torchvision's
 * {@code inception.InceptionAux}: 5×5/3 average pool, {@code conv0} (1×1 to 128),
 * {@code conv1} (5×5 to 768), global average pool, {@code fc}. Needs a 17×17 grid, i.e. the
 * full 299×299 input.
 *
 * <pre>{@code
 * InceptionAux aux = new InceptionAux(768, 1000);   // AuxLogits
 * }</pre>
 */
public class InceptionAux extends Module {

    /** {@code InceptionAux(in_channels, num_classes)}. */
    public InceptionAux(long in, long numClasses) {
        registerModule("conv0", BasicConv2d.of(in, 128, 1, 1, 0));
        registerModule("conv1", BasicConv2d.of(128, 768, 5, 1, 0));
        registerModule("fc", new Linear(768, numClasses));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = F.avgPool2d(x, new long[] {5}, new long[] {3}, new long[] {0}, false, true, null);
        x = child("conv1").forward(child("conv0").forward(x));
        x = F.adaptiveAvgPool2d(x, new long[] {1, 1}).flatten(1, -1);
        return child("fc").forward(x);
    }
}
