package dev.trainkit.nn.loss;

import dev.trainkit.tensor.Tensor;

/**
 * Inputs of a segmentation loss brought to a common layout {@code [N, C, M]} (binary mode:
 * {@code [1, 1, M]}): logits or scores {@code x}, probabilities {@code p}, float targets
 * {@code t} (one-hot in multiclass mode, 0 at ignored positions), validity {@code mask} (1 or 0,
 * broadcastable to {@code p}), and for multiclass the class indices {@code labels} {@code [N, M]}
 * with ignored positions set to 0.
 */
record SegmentationInputs(Tensor x, Tensor p, Tensor t, Tensor mask, Tensor labels) {

    private static final long[] CLASS_SUM_DIMS = {0, 2};

    /** Σ over batch and positions per class of {@code v·mask}: shape [C]. */
    Tensor classSum(Tensor v) {
        return v.mul(mask).sum(CLASS_SUM_DIMS, false);
    }
}
