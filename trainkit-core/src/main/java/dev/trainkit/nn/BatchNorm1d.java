package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Batch normalisation over (N, C) or (N, C, L) input, as {@code torch.nn.BatchNorm1d(num_features, eps=1e-5,
 * momentum=0.1, affine=True, track_running_stats=True)}; see {@link BatchNormBase} for the
 * state and train/eval behaviour.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(100);                 // nn.BatchNorm1d(100)
 * Tensor y = bn.forward(Torch.randn(32, 100));
 * BatchNorm1d cumulative = new BatchNorm1d(100, 1e-5, null, true, true);   // momentum=None
 * }</pre>
 */
public class BatchNorm1d extends BatchNormBase {

    /** With PyTorch's defaults. */
    public BatchNorm1d(long numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** All arguments; {@code momentum == null} means a cumulative moving average. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm1d", numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        LayerChecks.rank("BatchNorm1d", input, "(N, C) or (N, C, L)", 2, 3);
    }
}
