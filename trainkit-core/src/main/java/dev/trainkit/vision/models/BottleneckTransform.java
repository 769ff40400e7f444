package dev.trainkit.vision.models;

import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sigmoid;

/**
 * RegNet's residual branch, as torchvision's {@code regnet.BottleneckTransform}: {@code a} (1×1
 * conv, BN, ReLU to the bottleneck width w_b = round(width_out·bottleneck_multiplier)), {@code b}
 * (3×3 grouped conv with w_b / group_width groups, stride, BN, ReLU), {@code se} (only when
 * se_ratio &gt; 0: squeeze-excitation with round(se_ratio·width_in) squeeze channels, ReLU and
 * sigmoid) and {@code c} (1×1 conv, BN, no activation).
 *
 * <pre>{@code
 * BottleneckTransform f = new BottleneckTransform(32, 48, 2, 8, 1.0, 0.25);
 * // BottleneckTransform(32, 48, 2, nn.BatchNorm2d, nn.ReLU, group_width=8, bottleneck_multiplier=1.0, se_ratio=0.25)
 * }</pre>
 */
public class BottleneckTransform extends OrderedModules {

    /**
     * @param seRatio squeeze-excitation ratio; 0 for no {@code se} layer
     * @throws IllegalArgumentException if the bottleneck width is not a positive multiple of the group width
     */
    public BottleneckTransform(long widthIn, long widthOut, long stride, long groupWidth, double bottleneckMultiplier,
            double seRatio) {
        long wB = (long) Math.rint(widthOut * bottleneckMultiplier); // Python's round: half to even
        if (groupWidth < 1 || wB < groupWidth || wB % groupWidth != 0) {
            throw new IllegalArgumentException("BottleneckTransform: the bottleneck width " + wB + " (width_out "
                    + widthOut + " x bottleneck_multiplier " + bottleneckMultiplier
                    + ") expected a positive multiple of group_width, got group_width=" + groupWidth);
        }
        long g = wB / groupWidth;
        add("a", new ConvNormActivation(widthIn, wB, 1, 1, 1, 1, 1e-5, 0.1, () -> new ReLU(true)));
        add("b", new ConvNormActivation(wB, wB, 3, stride, g, 1, 1e-5, 0.1, () -> new ReLU(true)));
        if (seRatio > 0) {
            // the SE reduction ratio is relative to the block's input width, as in torchvision
            add("se", new SqueezeExcitation(wB, (long) Math.rint(seRatio * widthIn), ReLU::new, Sigmoid::new));
        }
        add("c", new ConvNormActivation(wB, widthOut, 1, 1, 1, 1, 1e-5, 0.1, null));
    }
}
