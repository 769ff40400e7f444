package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * What {@link MultiheadAttention} returns: the attention output and, when asked for, the
 * attention weights.
 *
 * <pre>{@code
 * MultiheadAttentionOutput o = mha.forward(q, k, v);   // attn_output, attn_output_weights = mha(q, k, v)
 * o.output();    // (L, N, E), or (N, L, E) with batch_first
 * o.weights();   // (N, L, S) averaged over heads, or null with need_weights=False
 * }</pre>
 *
 * @param output  {@code attn_output}
 * @param weights {@code attn_output_weights}: (N, L, S) averaged over heads, (N, num_heads, L, S)
 *                per head, without the batch dim for unbatched input; {@code null} when not requested
 */
public record MultiheadAttentionOutput(Tensor output, Tensor weights) {
}
