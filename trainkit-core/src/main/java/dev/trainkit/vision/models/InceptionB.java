package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Inception v3's 35→17 grid reduction, as torchvision's {@code InceptionB}: strided 3×3,
 * 1×1→3×3→strided 3×3 and max-pool branches, concatenated.
 *
 * <pre>{@code
 * InceptionB b = new InceptionB(288);   // Mixed_6a
 * }</pre>
 */
public class InceptionB extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code InceptionB(in_channels)}. */
    public InceptionB(long in) {
        registerModule("branch3x3", BasicConv2d.of(in, 384, 3, 2, 0));
        registerModule("branch3x3dbl_1", BasicConv2d.of(in, 64, 1, 1, 0));
        registerModule("branch3x3dbl_2", BasicConv2d.of(64, 96, 3, 1, 1));
        registerModule("branch3x3dbl_3", BasicConv2d.of(96, 96, 3, 2, 0));
        this.outChannels = 384 + 96 + in;
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
            Tensor b3 = child("branch3x3").forward(x);
            Tensor bd = child("branch3x3dbl_3").forward(child("branch3x3dbl_2").forward(child("branch3x3dbl_1")
                    .forward(x)));
            return Torch.cat(List.of(b3, bd, InceptionPools.max3x3s2(x)), 1);
        });
    }
}
