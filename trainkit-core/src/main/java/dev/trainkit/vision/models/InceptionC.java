package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Inception v3's 17×17 block with factorised 7×7 convolutions, as torchvision's
 * {@code InceptionC}: 1×1, 1×7/7×1 and double 7×1/1×7 and avg-pool branches (768 channels out).
 *
 * <pre>{@code
 * InceptionC b = new InceptionC(768, 128);   // Mixed_6b
 * }</pre>
 */
public class InceptionC extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code InceptionC(in_channels, channels_7x7)}. */
    public InceptionC(long in, long c7) {
        registerModule("branch1x1", BasicConv2d.of(in, 192, 1, 1, 0));
        registerModule("branch7x7_1", BasicConv2d.of(in, c7, 1, 1, 0));
        registerModule("branch7x7_2", BasicConv2d.rect(c7, c7, 1, 7, 0, 3));
        registerModule("branch7x7_3", BasicConv2d.rect(c7, 192, 7, 1, 3, 0));
        registerModule("branch7x7dbl_1", BasicConv2d.of(in, c7, 1, 1, 0));
        registerModule("branch7x7dbl_2", BasicConv2d.rect(c7, c7, 7, 1, 3, 0));
        registerModule("branch7x7dbl_3", BasicConv2d.rect(c7, c7, 1, 7, 0, 3));
        registerModule("branch7x7dbl_4", BasicConv2d.rect(c7, c7, 7, 1, 3, 0));
        registerModule("branch7x7dbl_5", BasicConv2d.rect(c7, 192, 1, 7, 0, 3));
        registerModule("branch_pool", BasicConv2d.of(in, 192, 1, 1, 0));
        this.outChannels = 192 * 4;
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
            Tensor b7 = x;
            for (int i = 1; i <= 3; i++) {
                b7 = child("branch7x7_" + i).forward(b7);
            }
            Tensor bd = x;
            for (int i = 1; i <= 5; i++) {
                bd = child("branch7x7dbl_" + i).forward(bd);
            }
            Tensor bp = child("branch_pool").forward(InceptionPools.avg3x3(x));
            return Torch.cat(List.of(b1, b7, bd, bp), 1);
        });
    }
}
