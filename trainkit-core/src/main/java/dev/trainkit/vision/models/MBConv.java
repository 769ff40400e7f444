package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.SiLU;
import dev.trainkit.nn.Sigmoid;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.ops.StochasticDepth;

/**
 * EfficientNet's mobile inverted bottleneck, as torchvision's {@code efficientnet.MBConv}:
 * {@code block} = optional 1×1 expansion, depthwise k×k, squeeze-excitation (SiLU, sigmoid
 * gate; squeeze channels max(1, in/4)), linear 1×1 projection, all with SiLU; then
 * {@code stochastic_depth} on the residual branch when stride 1 and channels match.
 *
 * <pre>{@code
 * new MBConv(16, 24, 6, 3, 2, 0.0125, 1e-5, 0.1);
 * // MBConv(MBConvConfig(6, 3, 2, 16, 24, 1), 0.0125, nn.BatchNorm2d)
 * }</pre>
 */
public class MBConv extends Module {
    private final boolean useResConnect;

    /**
     * One block from its (already width-adjusted) config.
     *
     * @param in input channels
     * @param out output channels
     * @param expandRatio expansion ratio (expanded channels = _make_divisible(in·ratio, 8))
     * @param kernel depthwise kernel size
     * @param stride 1 or 2
     * @param stochasticDepthProb this block's stochastic depth probability
     * @param eps BatchNorm eps
     * @param momentum BatchNorm momentum
     */
    public MBConv(long in, long out, double expandRatio, long kernel, long stride, double stochasticDepthProb,
            double eps, double momentum) {
        EfficientNetConfig.checkStride("MBConv", stride);
        this.useResConnect = stride == 1 && in == out;
        long expanded = Divisible.make(in * expandRatio, 8);
        Sequential block = new Sequential();
        if (expanded != in) {
            block.append(new ConvNormActivation(in, expanded, 1, 1, 1, 1, eps, momentum, () -> new SiLU(true)));
        }
        block.append(new ConvNormActivation(expanded, expanded, kernel, stride, expanded, 1, eps, momentum,
                () -> new SiLU(true)));
        block.append(new SqueezeExcitation(expanded, Math.max(1, in / 4), () -> new SiLU(true), Sigmoid::new));
        block.append(new ConvNormActivation(expanded, out, 1, 1, 1, 1, eps, momentum, null));
        registerModule("block", block);
        registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor y = child("block").forward(x);
            return useResConnect ? child("stochastic_depth").forward(y).add(x) : y;
        });
    }
}
