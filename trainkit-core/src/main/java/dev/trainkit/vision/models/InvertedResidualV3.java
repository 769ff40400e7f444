package dev.trainkit.vision.models;

import dev.trainkit.nn.Hardsigmoid;
import dev.trainkit.nn.Hardswish;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.function.Supplier;

/**
 * MobileNet v3's block, as torchvision's {@code mobilenetv3.InvertedResidual}: {@code block} =
 * optional 1×1 expansion, depthwise k×k, optional squeeze-excitation (hardsigmoid gate), linear
 * 1×1 projection; ReLU or hardswish; residual when stride 1 and channels match. BatchNorm uses
 * eps 0.001 and momentum 0.01.
 *
 * <pre>{@code
 * new InvertedResidualV3(16, 3, 64, 24, false, false, 2, 1);   // bneck_conf(16, 3, 64, 24, False, "RE", 2, 1)
 * }</pre>
 */
public class InvertedResidualV3 extends Module {
    static final double EPS = 0.001;
    static final double MOMENTUM = 0.01;
    private final boolean useResConnect;

    /**
     * One block from its (already width-adjusted) config.
     *
     * @param useHardswish "HS" activation (else "RE")
     */
    public InvertedResidualV3(long in, long kernel, long expanded, long out, boolean useSe, boolean useHardswish,
            long stride, long dilation) {
        if (stride < 1 || stride > 2) {
            throw new IllegalArgumentException("MobileNetV3 InvertedResidual: illegal stride value " + stride);
        }
        this.useResConnect = stride == 1 && in == out;
        Supplier<Module> act = useHardswish ? () -> new Hardswish(true) : () -> new ReLU(true);
        Sequential block = new Sequential();
        if (expanded != in) {
            block.append(new ConvNormActivation(in, expanded, 1, 1, 1, 1, EPS, MOMENTUM, act));
        }
        block.append(new ConvNormActivation(expanded, expanded, kernel, dilation > 1 ? 1 : stride, expanded, dilation,
                EPS, MOMENTUM, act));
        if (useSe) {
            block.append(new SqueezeExcitation(expanded, Divisible.make(expanded / 4, 8), ReLU::new,
                    Hardsigmoid::new));
        }
        block.append(new ConvNormActivation(expanded, out, 1, 1, 1, 1, EPS, MOMENTUM, null));
        registerModule("block", block);
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor y = child("block").forward(x);
            return useResConnect ? y.add(x) : y;
        });
    }
}
