package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.MultiheadAttention;
import dev.trainkit.tensor.Tensor;

/**
 * One pre-norm ViT encoder block, torchvision's {@code EncoderBlock}: {@code ln_1},
 * {@code self_attention} (batch-first {@link MultiheadAttention} without weights, so through
 * scaled_dot_product_attention), {@code dropout}, residual; {@code ln_2}, {@code mlp}, residual.
 */
final class ViTEncoderBlock extends Module {
    private final LayerNorm ln1;
    private final MultiheadAttention selfAttention;
    private final Dropout dropout;
    private final LayerNorm ln2;
    private final ViTMLPBlock mlp;

    ViTEncoderBlock(long numHeads, long hiddenDim, long mlpDim, double dropout, double attentionDropout) {
        ln1 = registerModule("ln_1", VisionTransformer.norm(hiddenDim));
        selfAttention = registerModule("self_attention", new MultiheadAttention(hiddenDim, numHeads, attentionDropout,
                true, false, false, null, null, true));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        ln2 = registerModule("ln_2", VisionTransformer.norm(hiddenDim));
        mlp = registerModule("mlp", new ViTMLPBlock(hiddenDim, mlpDim, dropout));
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3) {
            throw new IllegalArgumentException("EncoderBlock: expected (batch_size, seq_length, hidden_dim), got "
                    + input.describe());
        }
        return BlockScope.run(() -> {
            Tensor x = dropout.forward(selfAttention.forward(ln1.forward(input))).add(input);
            return x.add(mlp.forward(ln2.forward(x)));
        });
    }
}
