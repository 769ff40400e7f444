package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Inception v3's 17→8 grid reduction, as torchvision's {@code InceptionD}: 1×1→strided 3×3,
 * 1×1→1×7→7×1→strided 3×3 and max-pool branches, concatenated.
 *
 * <pre>{@code
 * InceptionD b = new InceptionD(768);   // Mixed_7a
 * }</pre>
 */
public class InceptionD extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code InceptionD(in_channels)}. */
    public InceptionD(long in) {
        registerModule("branch3x3_1", BasicConv2d.of(in, 192, 1, 1, 0));
        registerModule("branch3x3_2", BasicConv2d.of(192, 320, 3, 2, 0));
        registerModule("branch7x7x3_1", BasicConv2d.of(in, 192, 1, 1, 0));
        registerModule("branch7x7x3_2", BasicConv2d.rect(192, 192, 1, 7, 0, 3));
        registerModule("branch7x7x3_3", BasicConv2d.rect(192, 192, 7, 1, 3, 0));
        registerModule("branch7x7x3_4", BasicConv2d.of(192, 192, 3, 2, 0));
        this.outChannels = 320 + 192 + in;
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
            Tensor b3 = child("branch3x3_2").forward(child("branch3x3_1").forward(x));
            Tensor b7 = x;
            for (int i = 1; i <= 4; i++) {
                b7 = child("branch7x7x3_" + i).forward(b7);
            }
            return Torch.cat(List.of(b3, b7, InceptionPools.max3x3s2(x)), 1);
        });
    }
}
