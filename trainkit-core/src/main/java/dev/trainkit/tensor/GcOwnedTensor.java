package dev.trainkit.tensor;

/** A handle on another tensor's storage owned by the garbage collector; see {@link TensorScope#escape}. */
final class GcOwnedTensor extends Tensor {
    GcOwnedTensor(Tensor t) {
        super(t);
    }
}
