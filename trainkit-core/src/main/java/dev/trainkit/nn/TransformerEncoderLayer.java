package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.List;

/**
 * One transformer encoder layer, as {@code torch.nn.TransformerEncoderLayer(d_model, nhead,
 * dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5, batch_first=False,
 * norm_first=False)}: self-attention ({@code self_attn}, a {@link MultiheadAttention}) and a
 * feed-forward block ({@code linear1}, {@code linear2}), each with dropout and a residual
 * connection; LayerNorm ({@code norm1}, {@code norm2}) after each residual (post-norm) or, with
 * {@code norm_first}, before each block (pre-norm).
 *
 * <pre>{@code
 * TransformerEncoderLayer l = new TransformerEncoderLayer(64, 4, 256, 0.1, "gelu", 1e-5, true, true);
 * // nn.TransformerEncoderLayer(64, 4, 256, 0.1, activation="gelu", batch_first=True, norm_first=True)
 * Tensor y = l.forward(x);                       // x: (N, S, 64)
 * Tensor z = l.forward(x, null, paddingMask);    // src_key_padding_mask (N, S), True = padding
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {
    /** The activations PyTorch accepts by name. */
    public static final List<String> ACTIVATIONS = List.of("relu", "gelu");

    private final long dModel;
    private final long nhead;
    private final long dimFeedforward;
    private final double dropoutP;
    private final String activation;
    private final double layerNormEps;
    private final boolean batchFirst;
    private final boolean normFirst;
    /** {@code self_attn}. */
    public final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /** {@code nn.TransformerEncoderLayer(d_model, nhead)} with the other arguments at their defaults. */
    public TransformerEncoderLayer(long dModel, long nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /**
     * All arguments, in PyTorch's order.
     *
     * @param activation "relu" or "gelu" (the exact, erf-based GELU of {@code F.gelu})
     */
    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout, String activation,
            double layerNormEps, boolean batchFirst, boolean normFirst) {
        String layer = "TransformerEncoderLayer";
        this.dModel = LayerChecks.positive(layer, "d_model", dModel);
        this.nhead = LayerChecks.positive(layer, "nhead", nhead);
        this.dimFeedforward = LayerChecks.positive(layer, "dim_feedforward", dimFeedforward);
        this.dropoutP = LayerChecks.probability(layer, dropout);
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException(layer + ": activation should be relu/gelu, not " + activation);
        }
        this.activation = activation;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        selfAttn = registerModule("self_attn",
                new MultiheadAttention(dModel, nhead, dropout, true, false, false, null, null, batchFirst));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norm1 = registerModule("norm1", new LayerNorm(new long[] {dModel}, layerNormEps, true, true));
        norm2 = registerModule("norm2", new LayerNorm(new long[] {dModel}, layerNormEps, true, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
    }

    /**
     * A layer with this one's arguments and a copy of its current parameters, in its training
     * mode: what {@code copy.deepcopy(layer)} gives {@link TransformerEncoder}.
     */
    public TransformerEncoderLayer copy() {
        TransformerEncoderLayer c = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation,
                layerNormEps, batchFirst, normFirst);
        try (NoGrad ng = NoGrad.enter()) {
            c.loadStateDict(stateDict(), true);
        }
        c.to(selfAttn.outProj.weight.dtype());
        c.to(selfAttn.outProj.weight.device());
        c.train(isTraining());
        return c;
    }

    /** {@code batch_first}. */
    public boolean batchFirst() {
        return batchFirst;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * {@code layer(src, src_mask, src_key_padding_mask)}.
     *
     * @param srcMask           (S, S) or (N·nhead, S, S), bool (True = not allowed) or float; or {@code null}
     * @param srcKeyPaddingMask (N, S), bool (True = padding) or float; or {@code null}
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttentionBlock(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForwardBlock(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = linear1.forward(x);
        h = activation.equals("relu") ? F.relu(h) : F.gelu(h, "none");
        return dropout2.forward(linear2.forward(dropout.forward(h)));
    }
}
