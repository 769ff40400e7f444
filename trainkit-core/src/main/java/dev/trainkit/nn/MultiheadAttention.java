package dev.trainkit.nn;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head attention, as {@code torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0,
 * bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False)}
 * with PyTorch's parameter names ({@code in_proj_weight}, {@code in_proj_bias},
 * {@code out_proj.weight}/{@code bias}; {@code q_proj_weight}, {@code k_proj_weight},
 * {@code v_proj_weight} when kdim or vdim differ from embed_dim; {@code bias_k}, {@code bias_v})
 * and initialisation (xavier_uniform_ projections, zero biases, xavier_normal_ bias_k/bias_v).
 *
 * <p>The attention is the explicit softmax(QKᵀ/√d + mask)·V that PyTorch 1.13 computes, except
 * where libtorch's fused {@code scaled_dot_product_attention} is the faster kernel: without
 * attention weights ({@code need_weights=False}, as transformers call it) on a CUDA device, and
 * on the CPU for float32 attention that builds no autograd graph (inference), as PyTorch 1.13's
 * own fused path is inference-only and off under autocast. On the CPU the fused kernel's training
 * path and its bf16 path are slower than the explicit one (ViT-B/16's attention shape on a
 * 2-core AVX-512 CPU: fp32 forward + backward 4×, bf16 27× slower, while fp32 inference was 3.7×
 * faster fused; see docs/BENCHMARKS.md), so training there takes the explicit path. Masks follow
 * PyTorch: a bool {@code attn_mask} or {@code key_padding_mask} is True where attention is
 * <em>not</em> allowed; a float mask is added to the scores.
 *
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(64, 8, 0.0, true, false, false, null, null, true);
 * // nn.MultiheadAttention(64, 8, batch_first=True)
 * Tensor y = mha.forward(x);                                  // self-attention, need_weights=False
 * MultiheadAttentionOutput o = mha.forward(q, k, v);          // mha(q, k, v): output and mean weights
 * }</pre>
 */
public class MultiheadAttention extends Module {
    private final long embedDim;
    private final long kdim;
    private final long vdim;
    private final long numHeads;
    private final long headDim;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean addZeroAttn;
    /** Packed q/k/v projection (3·embed_dim, embed_dim), or {@code null} when kdim/vdim differ. */
    public final Parameter inProjWeight;
    /** Query projection (embed_dim, embed_dim) when kdim/vdim differ, else {@code null}. */
    public final Parameter qProjWeight;
    /** Key projection (embed_dim, kdim) when kdim/vdim differ, else {@code null}. */
    public final Parameter kProjWeight;
    /** Value projection (embed_dim, vdim) when kdim/vdim differ, else {@code null}. */
    public final Parameter vProjWeight;
    /** Packed q/k/v bias (3·embed_dim), or {@code null} without bias. */
    public final Parameter inProjBias;
    /** Bias appended to the keys (1, 1, embed_dim) with add_bias_kv, else {@code null}. */
    public final Parameter biasK;
    /** Bias appended to the values (1, 1, embed_dim) with add_bias_kv, else {@code null}. */
    public final Parameter biasV;
    /** Output projection {@code out_proj}. */
    public final Linear outProj;

    /** {@code nn.MultiheadAttention(embed_dim, num_heads)} with every other argument at its default. */
    public MultiheadAttention(long embedDim, long numHeads) {
        this(embedDim, numHeads, 0.0, true, false, false, null, null, false);
    }

    /**
     * All arguments, in PyTorch's order.
     *
     * @param kdim key features, {@code null} for embed_dim
     * @param vdim value features, {@code null} for embed_dim
     */
    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, boolean addBiasKv,
            boolean addZeroAttn, Long kdim, Long vdim, boolean batchFirst) {
        String layer = "MultiheadAttention";
        this.embedDim = LayerChecks.positive(layer, "embed_dim", embedDim);
        this.numHeads = LayerChecks.positive(layer, "num_heads", numHeads);
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException(layer + ": embed_dim must be divisible by num_heads, got embed_dim="
                    + embedDim + " and num_heads=" + numHeads);
        }
        this.kdim = kdim == null ? embedDim : LayerChecks.positive(layer, "kdim", kdim);
        this.vdim = vdim == null ? embedDim : LayerChecks.positive(layer, "vdim", vdim);
        this.headDim = embedDim / numHeads;
        this.dropout = LayerChecks.probability(layer, dropout);
        this.batchFirst = batchFirst;
        this.addZeroAttn = addZeroAttn;
        boolean packed = this.kdim == embedDim && this.vdim == embedDim;
        try (NoGrad ng = NoGrad.enter()) {
            if (packed) {
                inProjWeight = registerParameter("in_proj_weight", Torch.zeros(3 * embedDim, embedDim));
                qProjWeight = kProjWeight = vProjWeight = null;
            } else {
                qProjWeight = registerParameter("q_proj_weight", Torch.zeros(embedDim, embedDim));
                kProjWeight = registerParameter("k_proj_weight", Torch.zeros(embedDim, this.kdim));
                vProjWeight = registerParameter("v_proj_weight", Torch.zeros(embedDim, this.vdim));
                inProjWeight = registerParameter("in_proj_weight", null);
            }
            inProjBias = registerParameter("in_proj_bias", bias ? Torch.zeros(3 * embedDim) : null);
            outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias));
            biasK = registerParameter("bias_k", addBiasKv ? Torch.zeros(1, 1, embedDim) : null);
            biasV = registerParameter("bias_v", addBiasKv ? Torch.zeros(1, 1, embedDim) : null);
            resetParameters();
        }
    }

    /** PyTorch's {@code _reset_parameters}. */
    private void resetParameters() {
        for (Parameter w : Arrays.asList(inProjWeight, qProjWeight, kProjWeight, vProjWeight)) {
            if (w != null) {
                Init.xavierUniform_(w, 1.0);
            }
        }
        if (inProjBias != null) {
            Init.zeros_(inProjBias);
            Init.zeros_(outProj.bias);
        }
        if (biasK != null) {
            Init.xavierNormal_(biasK, 1.0);
            Init.xavierNormal_(biasV, 1.0);
        }
    }

    /** {@code embed_dim}. */
    public long embedDim() {
        return embedDim;
    }

    /** {@code num_heads}. */
    public long numHeads() {
        return numHeads;
    }

    /** {@code batch_first}. */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** Self-attention of {@code x} without weights: {@code mha(x, x, x, need_weights=False)[0]}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, false, null, true).output();
    }

    /** {@code mha(query, key, value)}: PyTorch's defaults, weights averaged over heads. */
    public MultiheadAttentionOutput forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true);
    }

    /**
     * {@code mha(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights)}.
     *
     * @param query          (L, N, E), (N, L, E) with batch_first, or unbatched (L, E)
     * @param key            (S, N, kdim), (N, S, kdim) or (S, kdim)
     * @param value          (S, N, vdim), (N, S, vdim) or (S, vdim)
     * @param keyPaddingMask (N, S) or (S), bool (True = ignore that key) or float (added); or {@code null}
     * @param needWeights    whether to return the attention weights
     * @param attnMask       (L, S) or (N·num_heads, L, S), bool (True = not allowed) or float; or {@code null}
     * @param averageAttnWeights average the returned weights over heads
     */
    public MultiheadAttentionOutput forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask,
            boolean needWeights, Tensor attnMask, boolean averageAttnWeights) {
        boolean batched = checkShapes(query, key, value, keyPaddingMask, attnMask);
        // work batch-first: (N, L, E), the layout scaled_dot_product_attention wants after the head split
        Tensor q = layout(query, batched);
        Tensor k = key == query ? q : layout(key, batched);
        Tensor v = value == key ? k : layout(value, batched);
        long n = q.size(0);
        long tgtLen = q.size(1);
        Tensor kpm = keyPaddingMask == null ? null : batched ? keyPaddingMask : keyPaddingMask.unsqueeze(0);
        Tensor[] qkv = project(q, k, v);
        q = qkv[0];
        k = qkv[1];
        v = qkv[2];
        Tensor mask = attnMask == null ? null : additive(attnMask, q.dtype());
        if (biasK != null) {
            k = Torch.cat(List.of(k, biasK.expand(n, 1, embedDim)), 1);
            v = Torch.cat(List.of(v, biasV.expand(n, 1, embedDim)), 1);
            mask = padLast(mask);
            kpm = padLast(kpm);
        }
        q = heads(q);
        k = heads(k);
        v = heads(v);
        if (addZeroAttn) {
            k = Torch.cat(List.of(k, Torch.zeros(k.dtype(), n, numHeads, 1, headDim).to(k.device())), 2);
            v = Torch.cat(List.of(v, Torch.zeros(v.dtype(), n, numHeads, 1, headDim).to(v.device())), 2);
            mask = padLast(mask);
            kpm = padLast(kpm);
        }
        long srcLen = k.size(2);
        if (mask != null) {
            mask = mask.dim() == 2 ? mask.view(1, 1, tgtLen, srcLen) : mask.view(n, numHeads, tgtLen, srcLen);
        }
        if (kpm != null) {
            if (kpm.size(0) != n || kpm.size(1) != srcLen) {
                throw new IllegalArgumentException("MultiheadAttention.forward: expected key_padding_mask of shape ("
                        + n + ", " + srcLen + "), got " + keyPaddingMask.describe());
            }
            Tensor m = additive(kpm, q.dtype()).view(n, 1, 1, srcLen);
            mask = mask == null ? m : mask.add(m);
        }
        double p = isTraining() ? dropout : 0.0;
        Tensor attn;
        Tensor weights = null;
        if (needWeights || !fusedKernelFaster(q, k, v)) {
            Tensor scores = q.div(Math.sqrt(headDim)).matmul(k.transpose(-2, -1));
            if (mask != null) {
                scores = scores.add(mask);
            }
            Tensor probs = F.softmax(scores, -1);
            attn = (p > 0 ? F.dropout(probs, p, true) : probs).matmul(v);
            weights = needWeights ? probs : null;
        } else {
            attn = F.scaledDotProductAttention(q, k, v, mask, p);
        }
        Tensor out = outProj.forward(attn.transpose(1, 2).reshape(n, tgtLen, embedDim));
        out = !batched ? out.squeeze(0) : batchFirst ? out : out.transpose(0, 1);
        if (weights != null) {
            if (averageAttnWeights) {
                weights = weights.sum(1, false).div(numHeads);
            }
            if (!batched) {
                weights = weights.squeeze(0);
            }
        }
        return new MultiheadAttentionOutput(out, weights);
    }

    /** (L, N, E) or unbatched (L, E) to (N, L, E). */
    private Tensor layout(Tensor t, boolean batched) {
        return !batched ? t.unsqueeze(0) : batchFirst ? t : t.transpose(0, 1);
    }

    /** (N, L, E) to (N, num_heads, L, head_dim). */
    private Tensor heads(Tensor t) {
        return t.reshape(t.size(0), t.size(1), numHeads, headDim).transpose(1, 2);
    }

    /** The in-projection, packed into one matmul where PyTorch does so (self-attention, key is value). */
    private Tensor[] project(Tensor q, Tensor k, Tensor v) {
        List<Tensor> b = inProjBias == null ? null : inProjBias.chunk(3, 0);
        if (inProjWeight == null) {
            return new Tensor[] {F.linear(q, qProjWeight, bias(b, 0)), F.linear(k, kProjWeight, bias(b, 1)),
                F.linear(v, vProjWeight, bias(b, 2))};
        }
        if (k == q && v == q) {
            List<Tensor> qkv = F.linear(q, inProjWeight, inProjBias).chunk(3, -1);
            return qkv.toArray(new Tensor[0]);
        }
        List<Tensor> w = inProjWeight.chunk(3, 0);
        if (v == k) {
            Tensor wkv = inProjWeight.narrow(0, embedDim, 2 * embedDim);
            Tensor bkv = inProjBias == null ? null : inProjBias.narrow(0, embedDim, 2 * embedDim);
            List<Tensor> kv = F.linear(k, wkv, bkv).chunk(2, -1);
            return new Tensor[] {F.linear(q, w.get(0), bias(b, 0)), kv.get(0), kv.get(1)};
        }
        return new Tensor[] {F.linear(q, w.get(0), bias(b, 0)), F.linear(k, w.get(1), bias(b, 1)),
            F.linear(v, w.get(2), bias(b, 2))};
    }

    /**
     * Whether libtorch's fused attention kernel beats the explicit one for these heads: always on
     * CUDA; on the CPU only for float32 without an autograd graph (measured, see the class
     * comment).
     */
    static boolean fusedKernelFaster(Tensor q, Tensor k, Tensor v) {
        if (q.device().isCuda()) {
            return true;
        }
        boolean graph = NoGrad.isGradEnabled() && (q.requiresGrad() || k.requiresGrad() || v.requiresGrad());
        return !graph && q.dtype() == DType.FLOAT32;
    }

    private static Tensor bias(List<Tensor> chunks, int i) {
        return chunks == null ? null : chunks.get(i);
    }

    /** A bool mask as 0 / -inf, a float mask as given (PyTorch's conversion before the softmax). */
    private static Tensor additive(Tensor mask, DType dtype) {
        if (mask.dtype() == DType.BOOL) {
            return Torch.zeros(dtype, mask.shape()).to(mask.device()).maskedFill(mask, Double.NEGATIVE_INFINITY);
        }
        return mask.to(dtype);
    }

    /** Appends one allowed (0 / False) column: the key added by bias_k or add_zero_attn. */
    private static Tensor padLast(Tensor mask) {
        return mask == null ? null : F.pad(mask, new long[] {0, 1}, "constant", 0);
    }

    /** PyTorch's {@code _mha_shape_check} plus the embedding sizes; returns whether the input is batched. */
    private boolean checkShapes(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor attnMask) {
        String op = "MultiheadAttention.forward";
        if (query.dim() != 2 && query.dim() != 3) {
            throw new IllegalArgumentException(op + ": query should be unbatched 2D or batched 3D, got "
                    + query.describe());
        }
        boolean batched = query.dim() == 3;
        if (key.dim() != query.dim() || value.dim() != query.dim()) {
            throw new IllegalArgumentException(op + ": expected key and value to be " + query.dim()
                    + "-D like query, got key " + key.describe() + " and value " + value.describe());
        }
        checkLast(op, "query", query, embedDim);
        checkLast(op, "key", key, kdim);
        checkLast(op, "value", value, vdim);
        int seq = batched && batchFirst ? 1 : 0;
        long tgtLen = query.size(seq);
        long srcLen = key.size(seq);
        if (value.size(seq) != srcLen || (batched && (key.size(1 - seq) != query.size(1 - seq)
                || value.size(1 - seq) != query.size(1 - seq)))) {
            throw new IllegalArgumentException(op + ": key and value must share sequence length and batch size"
                    + " with the query's batch, got query " + query.describe() + ", key " + key.describe()
                    + ", value " + value.describe());
        }
        if (kpm != null) {
            if (kpm.dim() != (batched ? 2 : 1) || !(kpm.dtype() == DType.BOOL || kpm.dtype().isFloatingPoint())) {
                throw new IllegalArgumentException(op + ": expected key_padding_mask to be a bool or float "
                        + (batched ? "(N, S)" : "(S)") + " tensor, got " + kpm.describe());
            }
        }
        if (attnMask != null) {
            long n = batched ? query.size(1 - seq) : 1;
            long[] want2 = {tgtLen, srcLen};
            long[] want3 = {n * numHeads, tgtLen, srcLen};
            boolean ok = Arrays.equals(attnMask.shape(), want2) || Arrays.equals(attnMask.shape(), want3)
                    || (!batched && Arrays.equals(attnMask.shape(), new long[] {numHeads, tgtLen, srcLen}));
            if (!ok || !(attnMask.dtype() == DType.BOOL || attnMask.dtype().isFloatingPoint())) {
                throw new IllegalArgumentException(op + ": expected a bool or float attn_mask of shape "
                        + Arrays.toString(want2) + " or " + Arrays.toString(want3) + ", got " + attnMask.describe());
            }
        }
        return batched;
    }

    private static void checkLast(String op, String what, Tensor t, long expected) {
        if (t.size(-1) != expected) {
            throw new IllegalArgumentException(op + ": expected " + what + " with last dimension " + expected
                    + ", got " + t.describe());
        }
    }
}
