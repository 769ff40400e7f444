package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense block, as torchvision's {@code _DenseBlock}: children {@code denselayer1}..N, each
 * fed the concatenation of the block input and all earlier layers' outputs; the output is the
 * concatenation of all of them.
 *
 * <pre>{@code
 * DenseBlock b = new DenseBlock(6, 64, 4, 32, 0.0);   // 64 → 64 + 6·32 channels
 * }</pre>
 */
public class DenseBlock extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code _DenseBlock(num_layers, num_input_features, bn_size, growth_rate, drop_rate)}. */
    public DenseBlock(int numLayers, long numInputFeatures, long bnSize, long growthRate, double dropRate) {
        for (int i = 0; i < numLayers; i++) {
            registerModule("denselayer" + (i + 1),
                    new DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize, dropRate));
        }
        this.outChannels = numInputFeatures + numLayers * growthRate;
    }

    /** Channels of the concatenated output. */
    @Override
    public long outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor input) {
        List<Tensor> features = new ArrayList<>();
        features.add(input);
        for (Module layer : children()) {
            features.add(layer.forward(features.size() == 1 ? input : Torch.cat(features, 1)));
        }
        return Torch.cat(features, 1);
    }
}
