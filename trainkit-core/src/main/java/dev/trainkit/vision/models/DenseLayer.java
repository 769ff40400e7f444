package dev.trainkit.vision.models;

import dev.trainkit.nn.F;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * One DenseNet-BC layer, as torchvision's {@code _DenseLayer}: BN-ReLU-1×1 conv
 * ({@code norm1}, {@code relu1}, {@code conv1}) to bn_size·growth_rate channels, then BN-ReLU-3×3
 * conv ({@code norm2}, {@code relu2}, {@code conv2}) to growth_rate channels, then dropout.
 * {@code forward} takes the concatenation of all previous features.
 *
 * <pre>{@code
 * DenseLayer l = new DenseLayer(64, 32, 4, 0.0);   // _DenseLayer(64, growth_rate=32, bn_size=4, drop_rate=0)
 * }</pre>
 */
public class DenseLayer extends Module {
    private final double dropRate;

    /** {@code _DenseLayer(num_input_features, growth_rate, bn_size, drop_rate)}. */
    public DenseLayer(long numInputFeatures, long growthRate, long bnSize, double dropRate) {
        this.dropRate = ZooChecks.probability("DenseLayer", "drop_rate", dropRate);
        registerModule("norm1", Layers.bn(numInputFeatures));
        registerModule("relu1", new ReLU(true)); // ReLU(inplace=True), as torchvision
        registerModule("conv1", Layers.conv(numInputFeatures, bnSize * growthRate, 1, 1, 0, 1, false));
        registerModule("norm2", Layers.bn(bnSize * growthRate));
        registerModule("relu2", new ReLU(true));
        registerModule("conv2", Layers.conv(bnSize * growthRate, growthRate, 3, 1, 1, 1, false));
    }

    @Override
    public Tensor forward(Tensor concatenated) {
        return BlockScope.run(() -> {
            Tensor x = child("conv1").forward(child("relu1").forward(child("norm1").forward(concatenated)));
            x = child("conv2").forward(child("relu2").forward(child("norm2").forward(x)));
            return dropRate > 0 ? F.dropout(x, dropRate, isTraining()) : x;
        });
    }
}
