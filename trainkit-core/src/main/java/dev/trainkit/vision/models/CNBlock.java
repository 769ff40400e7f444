package dev.trainkit.vision.models;

import dev.trainkit.nn.GELU;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.ops.Permute;
import dev.trainkit.vision.ops.StochasticDepth;

/**
 * ConvNeXt's block, as torchvision's {@code convnext.CNBlock(dim, layer_scale,
 * stochastic_depth_prob)}: {@code block} = depthwise 7×7 conv (bias), Permute to NHWC,
 * LayerNorm(dim, eps=1e-6), Linear(dim, 4·dim), GELU, Linear(4·dim, dim), Permute back; then
 * {@code layer_scale} (a [dim, 1, 1] parameter filled with the layer_scale value) times the
 * branch, {@code stochastic_depth} (mode "row") and the residual.
 *
 * <pre>{@code
 * CNBlock b = new CNBlock(96, 1e-6, 0.1);   // CNBlock(96, layer_scale=1e-6, stochastic_depth_prob=0.1)
 * Tensor y = b.forward(Torch.randn(2, 96, 56, 56));
 * }</pre>
 */
public class CNBlock extends Module {
    /** The per-channel scale of the residual branch, shape [dim, 1, 1]. */
    public final Parameter layerScale;

    /**
     * @param dim channels (in = out)
     * @param layerScale initial value of every {@code layer_scale} entry
     * @param stochasticDepthProb drop probability of the branch in training, in [0, 1]
     * @throws IllegalArgumentException for dim &lt; 1, a non-finite layer scale or a bad probability
     */
    public CNBlock(long dim, double layerScale, double stochasticDepthProb) {
        if (dim < 1) {
            throw new IllegalArgumentException("CNBlock: dim must be > 0, got " + dim);
        }
        if (!Double.isFinite(layerScale)) {
            throw new IllegalArgumentException("CNBlock: layer_scale must be a finite number, got " + layerScale);
        }
        ZooChecks.probability("CNBlock", "stochastic_depth_prob", stochasticDepthProb);
        registerModule("block", new Sequential(Layers.conv(dim, dim, 7, 1, 3, dim, true), new Permute(0, 2, 3, 1),
                new LayerNorm(new long[] {dim}, 1e-6, true, true), new Linear(dim, 4 * dim), new GELU(),
                new Linear(4 * dim, dim), new Permute(0, 3, 1, 2)));
        try (NoGrad ng = NoGrad.enter()) {
            this.layerScale = registerParameter("layer_scale", Torch.ones(dim, 1, 1).mul(layerScale));
        }
        registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
    }

    @Override
    public Tensor forward(Tensor input) {
        return BlockScope.run(() -> {
            Tensor result = layerScale.mul(child("block").forward(input));
            result = child("stochastic_depth").forward(result);
            return result.add(input);
        });
    }
}
