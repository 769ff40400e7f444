package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.tensor.Tensor;

/**
 * ResNet's two-convolution residual block, as torchvision's {@code BasicBlock}: children
 * {@code conv1}, {@code bn1}, {@code relu}, {@code conv2}, {@code bn2} and an optional
 * {@code downsample} applied to the shortcut.
 *
 * <pre>{@code
 * BasicBlock b = new BasicBlock(64, 64, 1, null);   // BasicBlock(64, 64)
 * }</pre>
 */
public class BasicBlock extends Module {

    /**
     * @param inplanes input channels
     * @param planes output channels
     * @param stride stride of the first convolution
     * @param downsample shortcut projection, or {@code null} for identity
     */
    public BasicBlock(long inplanes, long planes, long stride, Module downsample) {
        registerModule("conv1", Layers.conv(inplanes, planes, 3, stride, 1, 1, false));
        registerModule("bn1", Layers.bn(planes));
        registerModule("relu", new ReLU(true)); // nn.ReLU(inplace=True), as torchvision
        registerModule("conv2", Layers.conv(planes, planes, 3, 1, 1, 1, false));
        registerModule("bn2", Layers.bn(planes));
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
            out = child("bn2").forward(child("conv2").forward(out));
            Tensor identity = namedChildren().containsKey("downsample") ? child("downsample").forward(x) : x;
            return relu.forward(out.add_(identity)); // out += identity
        });
    }
}
