package dev.trainkit.optim;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;

/**
 * The sparse COO gradient operations the sparse-aware optimizers use ({@code SparseAdam},
 * {@code SGD}, {@code Adagrad}), named as PyTorch's tensor methods: a gradient produced by
 * {@code Embedding(..., sparse=true)} is coalesced, its {@code _indices()}/{@code _values()} are
 * read, and updates are rebuilt as sparse tensors on the same indices ({@code make_sparse}).
 */
final class SparseGrads {
    private SparseGrads() {
    }

    /** Whether {@code t} is a sparse COO tensor ({@code t.is_sparse}). */
    static boolean isSparse(Tensor t) {
        return NativeInterop.handle(t).is_sparse();
    }

    /** Whether any of {@code params} has a sparse gradient. */
    static boolean anySparse(java.util.List<Tensor> params) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null && isSparse(g)) {
                return true;
            }
        }
        return false;
    }

    /** {@code grad.to_dense()}. */
    static Tensor toDense(Tensor grad) {
        return NativeInterop.call("to_dense", () -> NativeInterop.handle(grad).to_dense(), grad);
    }

    /** {@code grad.coalesce()}: sorted, unique indices (duplicates summed). */
    static Tensor coalesce(Tensor grad) {
        return NativeInterop.call("coalesce", () -> NativeInterop.handle(grad).coalesce(), grad);
    }

    /** {@code grad._indices()} of a coalesced gradient, [sparse_dim, nnz]. */
    static Tensor indices(Tensor grad) {
        return NativeInterop.call("_indices", () -> NativeInterop.handle(grad)._indices(), grad);
    }

    /** {@code grad._values()} of a coalesced gradient, [nnz, dense dims...]. */
    static Tensor values(Tensor grad) {
        return NativeInterop.call("_values", () -> NativeInterop.handle(grad)._values(), grad);
    }

    /** {@code dense.sparse_mask(grad)._values()}: the entries of {@code dense} at {@code grad}'s indices. */
    static Tensor maskedValues(Tensor dense, Tensor grad) {
        return NativeInterop.call("sparse_mask",
                () -> NativeInterop.handle(dense).sparse_mask(NativeInterop.handle(grad))._values(), dense, grad);
    }

    /** A sparse tensor shaped like {@code grad} with {@code grad}'s indices and {@code values} ({@code make_sparse}). */
    static Tensor like(Tensor grad, Tensor indices, Tensor values) {
        long[] size = grad.shape();
        return NativeInterop.call("sparse_coo_tensor", () -> org.bytedeco.pytorch.global.torch.sparse_coo_tensor(
                NativeInterop.handle(indices), NativeInterop.handle(values), size), indices, values);
    }

    /**
     * PyTorch's error for a sparse gradient given to an optimizer without sparse support.
     *
     * @param hint appended to the message (e.g. {@code ", please consider SparseAdam instead"})
     * @throws IllegalArgumentException if any parameter of {@code optimizer} has a sparse gradient
     */
    static void refuse(Optimizer optimizer, String hint) {
        for (ParamGroup<Tensor> g : optimizer.paramGroups()) {
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad != null && isSparse(grad)) {
                    throw new IllegalArgumentException(optimizer.name() + " does not support sparse gradients" + hint
                            + " (gradient of " + p.describe() + ")");
                }
            }
        }
    }
}
