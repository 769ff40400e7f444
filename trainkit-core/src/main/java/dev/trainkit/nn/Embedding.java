package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;

/**
 * A lookup table of {@code num_embeddings} vectors of size {@code embedding_dim}, as
 * {@code torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)}: {@code weight}
 * ~ N(0, 1) with the padding row zeroed; the padding row gets no gradient. With
 * {@code sparse=true} the gradient of {@code weight} is a sparse COO tensor of the looked-up rows
 * (PyTorch's {@code sparse=True}), which {@code SparseAdam}, {@code SGD} and {@code Adagrad} accept.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(10, 3, 0L);            // nn.Embedding(10, 3, padding_idx=0)
 * Tensor v = emb.forward(Torch.tensor(new long[] {1, 2, 0, 4}, 2, 2));   // [2, 2, 3]
 * Embedding big = new Embedding(100_000, 64, null, true);   // nn.Embedding(100000, 64, sparse=True)
 * }</pre>
 */
public class Embedding extends Module {
    private final long numEmbeddings;
    private final long embeddingDim;
    private final Long paddingIdx;
    private final boolean sparse;
    /** The table [num_embeddings, embedding_dim]. */
    public final Parameter weight;

    /** Without a padding index. */
    public Embedding(long numEmbeddings, long embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /** With {@code paddingIdx} (negative counts from the end; null for none). */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, false);
    }

    /**
     * With {@code paddingIdx} (null for none) and {@code sparse}: whether {@code weight}'s
     * gradient is a sparse COO tensor ({@code nn.Embedding(..., sparse=True)}).
     */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, boolean sparse) {
        this.sparse = sparse;
        this.numEmbeddings = LayerChecks.positive("Embedding", "num_embeddings", numEmbeddings);
        this.embeddingDim = LayerChecks.positive("Embedding", "embedding_dim", embeddingDim);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx must be within num_embeddings, i.e. in ["
                    + (-numEmbeddings) + ", " + (numEmbeddings - 1) + "], got " + paddingIdx);
        }
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        try (NoGrad ng = NoGrad.enter()) {
            Tensor w = Init.normal_(Torch.zeros(numEmbeddings, embeddingDim), 0, 1);
            if (this.paddingIdx != null) {
                w.get(this.paddingIdx).zero_();
            }
            this.weight = registerParameter("weight", w);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dtype().isFloatingPoint() || input.dtype() == dev.trainkit.tensor.DType.BOOL) {
            throw new IllegalArgumentException("Embedding.forward: expected integer indices (int64 or int32), got "
                    + input.describe());
        }
        if (input.numel() > 0) {
            long lo = input.min().itemLong();
            long hi = input.max().itemLong();
            if (lo < 0 || hi >= numEmbeddings) {
                throw new IllegalArgumentException("Embedding.forward: indices must be in [0, " + (numEmbeddings - 1)
                        + "] (num_embeddings=" + numEmbeddings + "), got values in [" + lo + ", " + hi + "]");
            }
        }
        return F.embedding(input, weight, paddingIdx, sparse);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "")
                + (sparse ? ", sparse=True" : "");
    }
}
