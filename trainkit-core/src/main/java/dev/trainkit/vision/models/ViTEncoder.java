package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The ViT encoder, torchvision's {@code Encoder}: {@code pos_embedding} (1, seq_length,
 * hidden_dim), normal_(std=0.02), added to the tokens; {@code dropout}; {@code layers}
 * ({@code encoder_layer_0} ..); final {@code ln}.
 *
 * <p>A checkpoint whose {@code pos_embedding} was trained for another image size is
 * interpolated on load as torchvision's {@code interpolate_embeddings} does: the class token's
 * embedding kept, the patch embeddings resized bicubically (align_corners=True) from their
 * square grid to this model's grid, with an INFO log naming both grids.
 */
final class ViTEncoder extends Module {
    private final long gridSize;
    private final Parameter posEmbedding;
    private final Dropout dropout;
    private final OrderedModules layers;
    private final Module ln;

    ViTEncoder(long gridSize, long numLayers, long numHeads, long hiddenDim, long mlpDim, double dropout,
            double attentionDropout) {
        this.gridSize = gridSize;
        long seqLength = gridSize * gridSize + 1;
        try (NoGrad ng = NoGrad.enter()) {
            posEmbedding = registerParameter("pos_embedding", Torch.zeros(1, seqLength, hiddenDim).normal_(0, 0.02));
        }
        this.dropout = registerModule("dropout", new Dropout(dropout));
        layers = new OrderedModules();
        for (long i = 0; i < numLayers; i++) {
            layers.add("encoder_layer_" + i, new ViTEncoderBlock(numHeads, hiddenDim, mlpDim, dropout,
                    attentionDropout));
        }
        registerModule("layers", layers);
        ln = registerModule("ln", VisionTransformer.norm(hiddenDim));
    }

    @Override
    public Tensor forward(Tensor input) {
        return ln.forward(layers.forward(input(input)));
    }

    /** The tokens plus the position embedding, through the dropout: what the first block sees. */
    Tensor input(Tensor input) {
        if (input.dim() != 3 || input.size(1) != posEmbedding.size(1) || input.size(2) != posEmbedding.size(2)) {
            throw new IllegalArgumentException("Encoder: expected (batch_size, " + posEmbedding.size(1) + ", "
                    + posEmbedding.size(2) + ") tokens, got " + input.describe());
        }
        return dropout.forward(input.add(posEmbedding));
    }

    /** The final LayerNorm. */
    Module norm() {
        return ln;
    }

    /** No weight decay on the position embedding (torchvision's --transformer-embedding-decay). */
    @Override
    public Set<String> noWeightDecay() {
        return Set.of("pos_embedding");
    }

    @Override
    protected void upgradeStateDict(String prefix, Map<String, Tensor> state) {
        String key = prefix + "pos_embedding";
        Tensor pe = state.get(key);
        if (pe == null || pe.dim() != 3 || pe.size(1) == posEmbedding.size(1)) {
            return; // absent, or a shape the loader reports as a mismatch
        }
        if (pe.size(0) != 1) {
            throw new IllegalArgumentException("VisionTransformer: unexpected position embedding shape "
                    + pe.describe() + " in '" + key + "', expected (1, seq_length, hidden_dim)");
        }
        long seq = pe.size(1) - 1;
        long old = Math.round(Math.sqrt(seq));
        if (old * old != seq) {
            throw new IllegalArgumentException("VisionTransformer: '" + key + "' has " + seq + " patch positions,"
                    + " not a square grid (seq_length is not a perfect square), so it cannot be interpolated to the "
                    + gridSize + "x" + gridSize + " grid");
        }
        long hidden = pe.size(2);
        try (NoGrad ng = NoGrad.enter()) {
            Tensor img = pe.narrow(1, 1, seq).permute(0, 2, 1).reshape(1, hidden, old, old);
            Tensor resized = F.interpolate(img, new long[] {gridSize, gridSize}, "bicubic", true)
                    .reshape(1, hidden, gridSize * gridSize).permute(0, 2, 1);
            state.put(key, Torch.cat(List.of(pe.narrow(1, 0, 1), resized), 1));
        }
        LoggerFactory.getLogger("trainkit").info("{}: interpolated the position embedding from a {}x{} to a {}x{}"
                + " patch grid (bicubic, class token kept)", key, old, old, gridSize, gridSize);
    }
}
