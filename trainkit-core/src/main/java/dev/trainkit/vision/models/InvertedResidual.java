package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU6;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * MobileNet v2's inverted residual block, as torchvision's {@code mobilenetv2.InvertedResidual}:
 * {@code conv} = optional 1×1 expansion (ReLU6), depthwise 3×3 (ReLU6), linear 1×1 projection
 * + BN; a residual connection when stride is 1 and channels match.
 *
 * <pre>{@code
 * InvertedResidual b = new InvertedResidual(16, 24, 2, 6);
 * }</pre>
 */
public class InvertedResidual extends Module {
    private final boolean useResConnect;

    /** {@code InvertedResidual(inp, oup, stride, expand_ratio)}. */
    public InvertedResidual(long inp, long oup, long stride, double expandRatio) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride should be 1 or 2 instead of " + stride);
        }
        long hidden = Math.round(inp * expandRatio);
        this.useResConnect = stride == 1 && inp == oup;
        Sequential conv = new Sequential();
        if (expandRatio != 1) {
            conv.append(new ConvNormActivation(inp, hidden, 1, 1, 1, 1, 1e-5, 0.1, () -> new ReLU6(true)));
        }
        conv.append(new ConvNormActivation(hidden, hidden, 3, stride, hidden, 1, 1e-5, 0.1, () -> new ReLU6(true)));
        conv.append(Layers.conv(hidden, oup, 1, 1, 0, 1, false));
        conv.append(Layers.bn(oup));
        registerModule("conv", conv);
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor y = child("conv").forward(x);
            return useResConnect ? x.add(y) : y;
        });
    }
}
