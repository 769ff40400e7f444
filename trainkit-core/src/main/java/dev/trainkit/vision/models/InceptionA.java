package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Inception v3's 35×35 block, as torchvision's {@code InceptionA}: 1×1, 1×1→5×5, 1×1→3×3→3×3
 * and avg-pool→1×1 branches, concatenated (224 + pool_features channels).
 *
 * <pre>{@code
 * InceptionA b = new InceptionA(192, 32);   // Mixed_5b
 * }</pre>
 */
public class InceptionA extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code InceptionA(in_channels, pool_features)}. */
    public InceptionA(long in, long poolFeatures) {
        registerModule("branch1x1", BasicConv2d.of(in, 64, 1, 1, 0));
        registerModule("branch5x5_1", BasicConv2d.of(in, 48, 1, 1, 0));
        registerModule("branch5x5_2", BasicConv2d.of(48, 64, 5, 1, 2));
        registerModule("branch3x3dbl_1", BasicConv2d.of(in, 64, 1, 1, 0));
        registerModule("branch3x3dbl_2", BasicConv2d.of(64, 96, 3, 1, 1));
        registerModule("branch3x3dbl_3", BasicConv2d.of(96, 96, 3, 1, 1));
        registerModule("branch_pool", BasicConv2d.of(in, poolFeatures, 1, 1, 0));
        this.outChannels = 64 + 64 + 96 + poolFeatures;
    }

    /** Channels of the concatenated output. */
    @Override
    public long outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        // the branches' outputs are not saved for backward: freed once concatenated, on return
        return BlockScope.run(() -> {
            Tensor b1 = child("branch1x1").forward(x);
            Tensor b5 = child("branch5x5_2").forward(child("branch5x5_1").forward(x));
            Tensor b3 = child("branch3x3dbl_3").forward(child("branch3x3dbl_2").forward(child("branch3x3dbl_1")
                    .forward(x)));
            Tensor bp = child("branch_pool").forward(InceptionPools.avg3x3(x));
            return Torch.cat(List.of(b1, b5, b3, bp), 1);
        });
    }
}
