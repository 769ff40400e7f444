package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * RegNet's block, as torchvision's {@code regnet.ResBottleneckBlock}: ReLU(proj(x) + f(x)), where
 * {@code f} is a {@link BottleneckTransform} and {@code proj} (1×1 conv with the stride, BN) exists
 * only when the width or the resolution changes; otherwise the identity shortcut.
 *
 * <pre>{@code
 * ResBottleneckBlock b = new ResBottleneckBlock(32, 48, 2, 8, 1.0, 0.25);
 * Tensor y = b.forward(Torch.randn(2, 32, 56, 56));   // [2, 48, 28, 28]
 * }</pre>
 */
public class ResBottleneckBlock extends Module {
    private final boolean hasProj;

    /** {@code ResBottleneckBlock(width_in, width_out, stride, ..., group_width, bottleneck_multiplier, se_ratio)}. */
    public ResBottleneckBlock(long widthIn, long widthOut, long stride, long groupWidth, double bottleneckMultiplier,
            double seRatio) {
        hasProj = widthIn != widthOut || stride != 1;
        if (hasProj) {
            registerModule("proj", new ConvNormActivation(widthIn, widthOut, 1, stride, 1, 1, 1e-5, 0.1, null));
        }
        registerModule("f", new BottleneckTransform(widthIn, widthOut, stride, groupWidth, bottleneckMultiplier,
                seRatio));
        registerModule("activation", new ReLU(true)); // ReLU(inplace=True), as torchvision
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor f = child("f").forward(x);
            Tensor shortcut = hasProj ? child("proj").forward(x) : x;
            return child("activation").forward(shortcut.add(f));
        });
    }
}
