package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Inception v3's 8×8 block with expanded filter banks, as torchvision's {@code InceptionE}:
 * 1×1, 1×1→(1×3 ‖ 3×1), 1×1→3×3→(1×3 ‖ 3×1) and avg-pool branches (2048 channels out).
 *
 * <pre>{@code
 * InceptionE b = new InceptionE(1280);   // Mixed_7b
 * }</pre>
 */
public class InceptionE extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code InceptionE(in_channels)}. */
    public InceptionE(long in) {
        registerModule("branch1x1", BasicConv2d.of(in, 320, 1, 1, 0));
        registerModule("branch3x3_1", BasicConv2d.of(in, 384, 1, 1, 0));
        registerModule("branch3x3_2a", BasicConv2d.rect(384, 384, 1, 3, 0, 1));
        registerModule("branch3x3_2b", BasicConv2d.rect(384, 384, 3, 1, 1, 0));
        registerModule("branch3x3dbl_1", BasicConv2d.of(in, 448, 1, 1, 0));
        registerModule("branch3x3dbl_2", BasicConv2d.of(448, 384, 3, 1, 1));
        registerModule("branch3x3dbl_3a", BasicConv2d.rect(384, 384, 1, 3, 0, 1));
        registerModule("branch3x3dbl_3b", BasicConv2d.rect(384, 384, 3, 1, 1, 0));
        registerModule("branch_pool", BasicConv2d.of(in, 192, 1, 1, 0));
        this.outChannels = 320 + 2 * 384 + 2 * 384 + 192;
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
            Tensor b3 = child("branch3x3_1").forward(x);
            b3 = Torch.cat(List.of(child("branch3x3_2a").forward(b3), child("branch3x3_2b").forward(b3)), 1);
            Tensor bd = child("branch3x3dbl_2").forward(child("branch3x3dbl_1").forward(x));
            bd = Torch.cat(List.of(child("branch3x3dbl_3a").forward(bd), child("branch3x3dbl_3b").forward(bd)), 1);
            Tensor bp = child("branch_pool").forward(InceptionPools.avg3x3(x));
            return Torch.cat(List.of(b1, b3, bd, bp), 1);
        });
    }
}
