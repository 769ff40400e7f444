package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * ResNet's 1×1-3×3-1×1 residual block (ResNet V1.5: the stride sits on the 3×3), as
 * torchvision's {@code Bottleneck}: children {@code conv1}, {@code bn1}, {@code conv2},
 * {@code bn2}, {@code conv3}, {@code bn3}, {@code relu} and an optional {@code downsample}.
 * Width = planes·(base_width/64)·groups, so ResNeXt and Wide ResNet use the same block.
 *
 * <pre>{@code
 * Bottleneck b = new Bottleneck(256, 64, 1, null, 1, 64, 1);   // Bottleneck(256, 64)
 * }</pre>
 */
public class Bottleneck extends Module {

    /**
     * @param inplanes input channels
     * @param planes output channels / 4
     * @param stride stride of the 3×3 convolution
     * @param downsample shortcut projection, or {@code null}
     * @param groups groups of the 3×3 convolution (ResNeXt's cardinality)
     * @param baseWidth width per group
     * @param dilation dilation of the 3×3 convolution
     */
    public Bottleneck(long inplanes, long planes, long stride, Module downsample, long groups, long baseWidth,
            long dilation) {
        long width = (long) (planes * (baseWidth / 64.0)) * groups;
        registerModule("conv1", Layers.conv(inplanes, width, 1, 1, 0, 1, false));
        registerModule("bn1", Layers.bn(width));
        registerModule("conv2", Layers.convDilated(width, width, 3, stride, dilation, dilation, groups, false));
        registerModule("bn2", Layers.bn(width));
        registerModule("conv3", Layers.conv(width, planes * 4, 1, 1, 0, 1, false));
        registerModule("bn3", Layers.bn(planes * 4));
        registerModule("relu", new ReLU(true)); // nn.ReLU(inplace=True), as torchvision
        if (downsample != null) {
            registerModule("downsample", downsample);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        // with the in-place ReLU and sum, the block allocates what torchvision's does; its other
        // temporaries (none are saved for backward) are freed when it returns
        return BlockScope.run(() -> {
            Module relu = child("relu");
            Tensor out = relu.forward(child("bn1").forward(child("conv1").forward(x)));
            out = relu.forward(child("bn2").forward(child("conv2").forward(out)));
            out = child("bn3").forward(child("conv3").forward(out));
            Tensor identity = namedChildren().containsKey("downsample") ? child("downsample").forward(x) : x;
            return relu.forward(out.add_(identity)); // out += identity
        });
    }
}
