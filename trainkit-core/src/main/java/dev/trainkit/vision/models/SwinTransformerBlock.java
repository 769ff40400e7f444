package dev.trainkit.vision.models;

import dev.trainkit.nn.GELU;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.ops.MLP;
import dev.trainkit.vision.ops.StochasticDepth;

/**
 * A Swin transformer block, as torchvision 0.14's {@code swin_transformer.SwinTransformerBlock(dim,
 * num_heads, window_size, shift_size, mlp_ratio, dropout, attention_dropout,
 * stochastic_depth_prob)}, pre-norm on channels-last input:
 * x + sd(attn(norm1(x))), then x + sd(mlp(norm2(x))), with {@code attn} a
 * {@link ShiftedWindowAttention}, {@code mlp} = {@link MLP}(dim, [int(dim·mlp_ratio), dim], GELU,
 * dropout) and {@code stochastic_depth} in "row" mode. The MLP's Linear layers start with
 * xavier_uniform weights and N(0, 1e-6²) biases (the SwinTransformer re-initialises them).
 *
 * <pre>{@code
 * SwinTransformerBlock blk = new SwinTransformerBlock(96, 3, new long[] {7, 7}, new long[] {3, 3}, 4.0, 0, 0, 0.1);
 * Tensor y = blk.forward(Torch.randn(2, 56, 56, 96));
 * }</pre>
 */
public class SwinTransformerBlock extends Module {

    /** See the class comment; LayerNorms use eps 1e-5. */
    public SwinTransformerBlock(long dim, long numHeads, long[] windowSize, long[] shiftSize, double mlpRatio,
            double dropout, double attentionDropout, double stochasticDepthProb) {
        ZooChecks.positive("SwinTransformerBlock", "mlp_ratio", mlpRatio);
        ZooChecks.probability("SwinTransformerBlock", "stochastic_depth_prob", stochasticDepthProb);
        registerModule("norm1", new LayerNorm(new long[] {dim}, 1e-5, true, true));
        registerModule("attn", new ShiftedWindowAttention(dim, windowSize, shiftSize, numHeads, true, true,
                attentionDropout, dropout));
        registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
        registerModule("norm2", new LayerNorm(new long[] {dim}, 1e-5, true, true));
        MLP mlp = registerModule("mlp", new MLP(dim, new long[] {(long) (dim * mlpRatio), dim}, null, GELU::new, true,
                dropout));
        try (NoGrad ng = NoGrad.enter()) {
            for (Module m : mlp.modules()) {
                if (m instanceof Linear l) {
                    Init.xavierUniform_(l.weight, 1.0);
                    Init.normal_(l.bias, 0, 1e-6);
                }
            }
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return BlockScope.run(() -> {
            Module sd = child("stochastic_depth");
            Tensor x = input.add(sd.forward(child("attn").forward(child("norm1").forward(input))));
            return x.add(sd.forward(child("mlp").forward(child("norm2").forward(x))));
        });
    }
}
