package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Batch normalisation over (N, C, H, W) input, as {@code torch.nn.BatchNorm2d(num_features, eps=1e-5,
 * momentum=0.1, affine=True, track_running_stats=True)}; see {@link BatchNormBase} for the
 * state and train/eval behaviour.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(64);                 // nn.BatchNorm2d(64)
 * Tensor y = bn.forward(Torch.randn(8, 64, 28, 28));
 * BatchNorm2d cumulative = new BatchNorm2d(64, 1e-5, null, true, true);   // momentum=None
 * }</pre>
 */
public class BatchNorm2d extends BatchNormBase {

    /** With PyTorch's defaults. */
    public BatchNorm2d(long numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** All arguments; {@code momentum == null} means a cumulative moving average. */
    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm2d", numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        LayerChecks.rank("BatchNorm2d", input, "(N, C, H, W)", 4);
    }
}
