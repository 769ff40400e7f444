package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * ShuffleNet v2's unit, as torchvision's {@code shufflenetv2.InvertedResidual}: with stride 1
 * the input is split in two and only the second half goes through {@code branch2}; with stride
 * > 1 both {@code branch1} (depthwise 3×3, 1×1) and {@code branch2} (1×1, depthwise 3×3, 1×1)
 * see the whole input; outputs are concatenated and channel-shuffled.
 *
 * <pre>{@code
 * ShuffleInvertedResidual u = new ShuffleInvertedResidual(24, 116, 2);
 * }</pre>
 */
public class ShuffleInvertedResidual extends Module implements ConcatBlock {
    private final long outChannels;
    private final long stride;

    /** {@code InvertedResidual(inp, oup, stride)}. */
    public ShuffleInvertedResidual(long inp, long oup, long stride) {
        if (stride < 1 || stride > 3) {
            throw new IllegalArgumentException("ShuffleNetV2 InvertedResidual: illegal stride value " + stride);
        }
        long bf = oup / 2;
        if (stride == 1 && inp != bf << 1) {
            throw new IllegalArgumentException("Invalid combination of stride " + stride + ", inp " + inp + " and oup "
                    + oup + " values. If stride == 1 then inp should be equal to oup // 2 << 1.");
        }
        this.stride = stride;
        if (stride > 1) {
            registerModule("branch1", new Sequential(Layers.conv(inp, inp, 3, stride, 1, inp, false), Layers.bn(inp),
                    Layers.conv(inp, bf, 1, 1, 0, 1, false), Layers.bn(bf), new ReLU(true)));
        } else {
            registerModule("branch1", new Sequential());
        }
        registerModule("branch2", new Sequential(Layers.conv(stride > 1 ? inp : bf, bf, 1, 1, 0, 1, false),
                Layers.bn(bf), new ReLU(true), Layers.conv(bf, bf, 3, stride, 1, bf, false), Layers.bn(bf),
                Layers.conv(bf, bf, 1, 1, 0, 1, false), Layers.bn(bf), new ReLU(true)));
        this.outChannels = 2 * bf;
    }

    /** Channels of the concatenated output. */
    @Override
    public long outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor out;
            if (stride == 1) {
                List<Tensor> halves = x.chunk(2, 1);
                out = Torch.cat(List.of(halves.get(0), child("branch2").forward(halves.get(1))), 1);
            } else {
                out = Torch.cat(List.of(child("branch1").forward(x), child("branch2").forward(x)), 1);
            }
            return ChannelShuffle.apply(out, 2);
        });
    }
}
