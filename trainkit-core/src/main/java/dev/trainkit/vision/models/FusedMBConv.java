package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.SiLU;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.ops.StochasticDepth;

/**
 * EfficientNet v2's fused block, as torchvision's {@code efficientnet.FusedMBConv}: {@code block}
 * = a k×k expansion conv (SiLU) and a linear 1×1 projection, or a single k×k conv (SiLU) when
 * the expansion ratio keeps the channels; then {@code stochastic_depth} on the residual branch
 * when stride 1 and channels match.
 *
 * <pre>{@code
 * new FusedMBConv(24, 48, 4, 3, 2, 0.004, 1e-3, 0.1);
 * // FusedMBConv(FusedMBConvConfig(4, 3, 2, 24, 48, 1), 0.004, partial(nn.BatchNorm2d, eps=1e-03))
 * }</pre>
 */
public class FusedMBConv extends Module {
    private final boolean useResConnect;

    /**
     * One block from its config.
     *
     * @param in input channels
     * @param out output channels
     * @param expandRatio expansion ratio (expanded channels = _make_divisible(in·ratio, 8))
     * @param kernel kernel size of the (fused) expansion conv
     * @param stride 1 or 2
     * @param stochasticDepthProb this block's stochastic depth probability
     * @param eps BatchNorm eps
     * @param momentum BatchNorm momentum
     */
    public FusedMBConv(long in, long out, double expandRatio, long kernel, long stride, double stochasticDepthProb,
            double eps, double momentum) {
        EfficientNetConfig.checkStride("FusedMBConv", stride);
        this.useResConnect = stride == 1 && in == out;
        long expanded = Divisible.make(in * expandRatio, 8);
        Sequential block = new Sequential();
        if (expanded != in) {
            block.append(new ConvNormActivation(in, expanded, kernel, stride, 1, 1, eps, momentum,
                    () -> new SiLU(true)));
            block.append(new ConvNormActivation(expanded, out, 1, 1, 1, 1, eps, momentum, null));
        } else {
            block.append(new ConvNormActivation(in, out, kernel, stride, 1, 1, eps, momentum,
                    () -> new SiLU(true)));
        }
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
