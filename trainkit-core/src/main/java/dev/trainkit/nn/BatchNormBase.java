package dev.trainkit.nn;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}:
 * parameters {@code weight} (ones) and {@code bias} (zeros) when affine, buffers
 * {@code running_mean}, {@code running_var} and {@code num_batches_tracked} (int64) when
 * tracking running statistics. In training mode the layer normalises with batch statistics and
 * updates the running ones (momentum null = cumulative average); in eval mode it uses the running
 * statistics.
 *
 * <pre>{@code
 * for (Module m : model.modules()) {
 *     if (m instanceof BatchNormBase bn) bn.eval();   // freeze statistics while fine-tuning
 * }
 * }</pre>
 */
public abstract class BatchNormBase extends Module {
    private final String name;
    final long numFeatures;
    final double eps;
    /** Not final: {@code update_bn} switches it to the cumulative average and back, as PyTorch's attribute. */
    Double momentum;
    final boolean affine;
    final boolean trackRunningStats;
    /** Scale γ [num_features], or {@code null} when not affine. */
    public final Parameter weight;
    /** Shift β [num_features], or {@code null} when not affine. */
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** A layer with fresh parameters (ones, zeros) and running statistics (zeros, ones, 0). */
    protected BatchNormBase(String name, long numFeatures, double eps, Double momentum, boolean affine,
            boolean trackRunningStats) {
        this.name = name;
        this.numFeatures = LayerChecks.positive(name, "num_features", numFeatures);
        this.eps = LayerChecks.positive(name, "eps", eps);
        this.momentum = checkMomentum(name, momentum);
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", affine ? Torch.ones(numFeatures) : null);
            this.bias = registerParameter("bias", affine ? Torch.zeros(numFeatures) : null);
            this.runningMean = registerBuffer("running_mean", trackRunningStats ? Torch.zeros(numFeatures) : null);
            this.runningVar = registerBuffer("running_var", trackRunningStats ? Torch.ones(numFeatures) : null);
            this.numBatchesTracked = registerBuffer("num_batches_tracked",
                    trackRunningStats ? Torch.scalar(0, DType.INT64) : null);
        }
    }

    /**
     * A layer of another kind sharing {@code source}'s parameters and running statistics (the
     * same tensors), as PyTorch's conversions assign {@code module.weight} and the buffers.
     */
    protected BatchNormBase(String name, BatchNormBase source) {
        this.name = name;
        this.numFeatures = source.numFeatures;
        this.eps = source.eps;
        this.momentum = source.momentum;
        this.affine = source.affine;
        this.trackRunningStats = source.trackRunningStats;
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", source.weight);
            this.bias = registerParameter("bias", source.bias);
            this.runningMean = registerBuffer("running_mean", source.runningMean);
            this.runningVar = registerBuffer("running_var", source.runningVar);
            this.numBatchesTracked = registerBuffer("num_batches_tracked", source.numBatchesTracked);
        }
        train(source.isTraining());
        lockEval(source.isEvalLocked());
    }

    /** LayerChecks the input rank (subclass-specific). */
    protected abstract void checkInputDim(Tensor input);

    /** In training: refuses a batch with a single value per channel (no variance to normalise with). */
    protected void checkBatchSize(Tensor input) {
        long perChannel = input.numel() / numFeatures;
        if (perChannel <= 1) {
            throw new IllegalArgumentException(name + ".forward: expected more than 1 value per channel when"
                    + " training, got input " + input.describe());
        }
    }

    /**
     * Normalises {@code input} once the running-statistics counter was advanced:
     * {@code F.batch_norm} with batch statistics when {@code batchStats}, else with the running ones.
     *
     * @param runningMean the running mean to use or update, or {@code null}
     * @param runningVar  the running variance to use or update, or {@code null}
     * @param factor      the running statistics' update factor (momentum, or 1/count for the cumulative average)
     */
    protected Tensor normalize(Tensor input, boolean batchStats, Tensor runningMean, Tensor runningVar, double factor) {
        return F.batchNorm(input, runningMean, runningVar, weight, bias, batchStats, factor, eps);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        LayerChecks.channels(name, input, 1, "num_features", numFeatures);
        LayerChecks.floating(name, input);
        if (isTraining()) {
            checkBatchSize(input);
        }
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            try (NoGrad ng = NoGrad.enter()) {
                // add_(double) would promote to float and fail on the int64 counter
                numBatchesTracked.add_(Torch.scalar(1, DType.INT64));
            }
            if (momentum == null) {
                factor = 1.0 / numBatchesTracked.itemLong();
            }
        }
        // Batch statistics in training, or in eval when there are no running statistics.
        boolean bnTraining = isTraining() || runningMean == null;
        boolean useRunning = !isTraining() || trackRunningStats;
        return normalize(input, bnTraining, useRunning ? runningMean : null, useRunning ? runningVar : null, factor);
    }

    private static Double checkMomentum(String name, Double momentum) {
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": momentum must be in [0, 1] or null (cumulative average), got "
                    + momentum);
        }
        return momentum;
    }

    /** {@code eps}. */
    public double eps() {
        return eps;
    }

    /** {@code momentum}; {@code null} for the cumulative moving average. */
    public Double momentum() {
        return momentum;
    }

    /**
     * Sets {@code momentum} (PyTorch's attribute {@code bn.momentum = ...}); {@code null} for the
     * cumulative moving average of the running statistics.
     *
     * @throws IllegalArgumentException outside [0, 1]
     */
    public BatchNormBase momentum(Double momentum) {
        this.momentum = checkMomentum(name, momentum);
        return this;
    }

    /** The {@code running_mean} buffer (live), or {@code null}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The {@code running_var} buffer (live), or {@code null}. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** The {@code num_batches_tracked} buffer (live, int64 scalar), or {@code null}. */
    public Tensor numBatchesTracked() {
        return numBatchesTracked;
    }

    /** {@code num_features}. */
    public long numFeatures() {
        return numFeatures;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.flt(eps) + ", momentum=" + PyRepr.flt(momentum) + ", affine="
                + PyRepr.bool(affine) + ", track_running_stats=" + PyRepr.bool(trackRunningStats);
    }

    /**
     * Checkpoints saved before PyTorch 0.4.1 (torchvision's original weight files among them)
     * have no {@code num_batches_tracked}; PyTorch fills it with 0 when loading, and so do we.
     */
    @Override
    protected void upgradeStateDict(String prefix, java.util.Map<String, Tensor> state) {
        String key = prefix + "num_batches_tracked";
        if (trackRunningStats && !state.containsKey(key) && state.containsKey(prefix + "running_mean")) {
            state.put(key, Torch.scalar(0, DType.INT64));
        }
    }
}
