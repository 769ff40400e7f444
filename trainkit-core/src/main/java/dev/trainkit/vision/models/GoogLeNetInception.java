package dev.trainkit.vision.models;

import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * GoogLeNet's inception block, as torchvision's {@code googlenet.Inception}: four branches
 * ({@code branch1} 1×1; {@code branch2} 1×1→3×3; {@code branch3} 1×1→3×3 (torchvision's
 * 3×3 where the paper has 5×5, kept for weight compatibility); {@code branch4} max pool→1×1),
 * concatenated.
 *
 * <pre>{@code
 * GoogLeNetInception b = new GoogLeNetInception(192, 64, 96, 128, 16, 32, 32);   // inception3a
 * }</pre>
 */
public class GoogLeNetInception extends Module implements ConcatBlock {
    private final long outChannels;

    /** {@code Inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)}. */
    public GoogLeNetInception(long in, long ch1x1, long ch3x3red, long ch3x3, long ch5x5red, long ch5x5,
            long poolProj) {
        registerModule("branch1", BasicConv2d.of(in, ch1x1, 1, 1, 0));
        registerModule("branch2", new Sequential(BasicConv2d.of(in, ch3x3red, 1, 1, 0),
                BasicConv2d.of(ch3x3red, ch3x3, 3, 1, 1)));
        registerModule("branch3", new Sequential(BasicConv2d.of(in, ch5x5red, 1, 1, 0),
                BasicConv2d.of(ch5x5red, ch5x5, 3, 1, 1)));
        registerModule("branch4", new Sequential(
                new MaxPool2d(new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, true),
                BasicConv2d.of(in, poolProj, 1, 1, 0)));
        this.outChannels = ch1x1 + ch3x3 + ch5x5 + poolProj;
    }

    /** Channels of the concatenated output. */
    @Override
    public long outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        // the branches' outputs are not saved for backward: freed once concatenated, on return
        return BlockScope.run(() -> Torch.cat(List.of(child("branch1").forward(x), child("branch2").forward(x),
                child("branch3").forward(x), child("branch4").forward(x)), 1));
    }
}
