package dev.trainkit.vision.models.segmentation;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * torchvision's ResNet {@code BasicBlock} with its child names ({@code conv1}, {@code bn1},
 * {@code relu}, {@code conv2}, {@code bn2}, {@code downsample.0/1}). Temporary: replaced by the
 * model zoo's {@code vision.models.BasicBlock} once that is on main.
 */
final class EncoderBlock extends Module {

    EncoderBlock(long inplanes, long planes, long stride) {
        registerModule("conv1", conv(inplanes, planes, 3, stride, 1));
        registerModule("bn1", new BatchNorm2d(planes));
        registerModule("relu", new ReLU());
        registerModule("conv2", conv(planes, planes, 3, 1, 1));
        registerModule("bn2", new BatchNorm2d(planes));
        if (stride != 1 || inplanes != planes) {
            registerModule("downsample", new Sequential(conv(inplanes, planes, 1, stride, 0), new BatchNorm2d(planes)));
        }
    }

    /** A bias-free convolution, as every convolution of a ResNet. */
    static Conv2d conv(long in, long out, long kernel, long stride, long padding) {
        return new Conv2d(in, out, new long[] {kernel}, new long[] {stride}, new long[] {padding}, new long[] {1}, 1,
                false, "zeros");
    }

    @Override
    public Tensor forward(Tensor x) {
        Module relu = child("relu");
        Tensor out = relu.forward(child("bn1").forward(child("conv1").forward(x)));
        out = child("bn2").forward(child("conv2").forward(out));
        Tensor identity = namedChildren().containsKey("downsample") ? child("downsample").forward(x) : x;
        return relu.forward(out.add(identity));
    }
}
