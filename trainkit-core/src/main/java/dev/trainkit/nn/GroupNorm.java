package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;

/**
 * Group normalisation of (N, C, *) input, as {@code torch.nn.GroupNorm(num_groups, num_channels,
 * eps=1e-5, affine=True)}: channels are split into groups normalised separately; per-channel
 * {@code weight} (ones) and {@code bias} (zeros).
 *
 * <pre>{@code
 * GroupNorm gn = new GroupNorm(8, 64);              // nn.GroupNorm(8, 64)
 * Tensor y = gn.forward(Torch.randn(2, 64, 16, 16));
 * }</pre>
 */
public class GroupNorm extends Module {
    private final long numGroups;
    private final long numChannels;
    private final double eps;
    private final boolean affine;
    /** γ [num_channels], or {@code null}. */
    public final Parameter weight;
    /** β [num_channels], or {@code null}. */
    public final Parameter bias;

    /** With PyTorch's defaults. */
    public GroupNorm(long numGroups, long numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    /** All arguments. */
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        this.numGroups = LayerChecks.positive("GroupNorm", "num_groups", numGroups);
        this.numChannels = LayerChecks.positive("GroupNorm", "num_channels", numChannels);
        if (numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels must be divisible by num_groups, got"
                    + " num_channels=" + numChannels + ", num_groups=" + numGroups);
        }
        this.eps = LayerChecks.positive("GroupNorm", "eps", eps);
        this.affine = affine;
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", affine ? Torch.ones(numChannels) : null);
            this.bias = registerParameter("bias", affine ? Torch.zeros(numChannels) : null);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("GroupNorm.forward: expected input (N, C, *) with at least 2 dims, got "
                    + input.describe());
        }
        LayerChecks.channels("GroupNorm", input, 1, "num_channels", numChannels);
        return F.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PyRepr.flt(eps) + ", affine=" + PyRepr.bool(affine);
    }
}
