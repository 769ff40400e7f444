package dev.trainkit.dist;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Batch normalisation whose training statistics are those of the whole batch across all ranks
 * of a DDP job: each rank's per-channel sums are all-reduced in the forward pass, and the
 * gradients of those sums are all-reduced in the backward pass (PyTorch's
 * {@code sync_batch_norm}: {@code sum_dy} and {@code sum_dy_xmu}), so W ranks with B samples
 * each compute what one process computes with W·B. In eval mode, or in a world of one, it is
 * plain batch normalisation. Same parameters, buffers and state-dict keys as BatchNorm.
 *
 * <pre>{@code
 * Module model = SyncBatchNorm.convertSyncBatchnorm(Models.create("resnet50"), pg);
 * // model = nn.SyncBatchNorm.convert_sync_batchnorm(resnet50(), process_group)
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.nn.SyncBatchNorm(num_features, eps, momentum, affine,
 * track_running_stats, process_group)}. The statistics are computed in two passes (mean, then
 * the mean squared deviation) over all-reduced sums; the running variance uses the unbiased
 * variance over the global count, as PyTorch. Every rank must run the same layers in the same
 * order (as DDP requires). A training forward whose output never gets a backward keeps two
 * small hook objects until the layer is dropped: run evaluation in eval mode.
 */
public class SyncBatchNorm extends Module {
    private final long numFeatures;
    private final double eps;
    private Double momentum;
    private final ProcessGroup processGroup;
    /** Scale γ, or {@code null} when not affine. */
    public final Parameter weight;
    /** Shift β, or {@code null} when not affine. */
    public final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;
    /**
     * Gradient hooks registered by training forwards. libtorch calls them through native
     * pointers, so they stay referenced until they ran and the next training forward started
     * (a retained graph may run them once more before that).
     */
    private final List<TensorTensorHook> pendingHooks = new ArrayList<>();
    private final List<TensorTensorHook> firedHooks = new ArrayList<>();
    private volatile RuntimeException hookFailure;

    /**
     * A new layer with PyTorch's defaults (eps 1e-5, momentum 0.1, affine, running statistics).
     *
     * @throws IllegalArgumentException without a process group
     */
    public SyncBatchNorm(long numFeatures, ProcessGroup processGroup) {
        this(numFeatures, 1e-5, 0.1, true, true, processGroup);
    }

    /**
     * All arguments; {@code momentum == null} is the cumulative moving average.
     *
     * @throws IllegalArgumentException without a process group, or for a bad size, eps or momentum
     */
    public SyncBatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                         ProcessGroup processGroup) {
        this(numFeatures, eps, momentum, processGroup,
                affine ? new Parameter(Torch.ones(numFeatures)) : null, affine ? new Parameter(Torch.zeros(numFeatures)) : null,
                trackRunningStats ? Torch.zeros(numFeatures) : null, trackRunningStats ? Torch.ones(numFeatures) : null,
                trackRunningStats ? Torch.scalar(0, DType.INT64) : null);
    }

    private SyncBatchNorm(long numFeatures, double eps, Double momentum, ProcessGroup processGroup, Parameter weight,
                          Parameter bias, Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked) {
        if (processGroup == null) {
            throw new IllegalArgumentException("SyncBatchNorm: process_group: expected a ProcessGroup (the ranks "
                    + "whose batches are normalised together), got null; use BatchNorm outside a distributed job");
        }
        if (numFeatures < 1) {
            throw new IllegalArgumentException("SyncBatchNorm: num_features: expected a positive number, got " + numFeatures);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("SyncBatchNorm: eps: expected a positive number, got " + eps);
        }
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SyncBatchNorm: momentum must be in [0, 1] or null (cumulative average), got "
                    + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.processGroup = processGroup;
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", weight);
            this.bias = registerParameter("bias", bias);
            this.runningMean = registerBuffer("running_mean", runningMean);
            this.runningVar = registerBuffer("running_var", runningVar);
            this.numBatchesTracked = registerBuffer("num_batches_tracked", numBatchesTracked);
        }
    }

    /**
     * Replaces every BatchNorm layer of {@code module} (or {@code module} itself) by a
     * SyncBatchNorm over {@code processGroup} that shares its parameters and running statistics.
     *
     * @return {@code module} with its BatchNorm layers replaced, or the new layer when
     *     {@code module} is a BatchNorm layer
     * @throws IllegalArgumentException without a process group
     */
    public static Module convertSyncBatchnorm(Module module, ProcessGroup processGroup) {
        Objects.requireNonNull(module, "module");
        if (processGroup == null) {
            throw new IllegalArgumentException("convert_sync_batchnorm: process_group: expected a ProcessGroup, got null");
        }
        if (module instanceof BatchNormBase bn) {
            return from(bn, processGroup);
        }
        for (Map.Entry<String, Module> e : module.namedModules().entrySet()) {
            if (!e.getKey().isEmpty() && e.getValue() instanceof BatchNormBase bn) {
                module.setSubmodule(e.getKey(), from(bn, processGroup));
            }
        }
        return module;
    }

    private static SyncBatchNorm from(BatchNormBase bn, ProcessGroup pg) {
        SyncBatchNorm s = new SyncBatchNorm(bn.numFeatures(), bn.eps(), bn.momentum(), pg, bn.weight, bn.bias,
                bn.runningMean(), bn.runningVar(), bn.numBatchesTracked());
        s.train(bn.isTraining());
        s.lockEval(bn.isEvalLocked());
        return s;
    }

    @Override
    public Tensor forward(Tensor input) {
        RuntimeException failed = hookFailure;
        if (failed != null) {
            hookFailure = null;
            throw new IllegalStateException("SyncBatchNorm: the gradient all-reduce of the previous backward failed", failed);
        }
        if (input.dim() < 2) {
            throw new IllegalArgumentException("SyncBatchNorm.forward: expected at least 2D input (got " + input.dim()
                    + "D input)");
        }
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException("SyncBatchNorm.forward: expected " + numFeatures + " channels in dim 1, got "
                    + input.describe());
        }
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && runningMean != null) {
            try (NoGrad ng = NoGrad.enter()) {
                numBatchesTracked.add_(Torch.scalar(1, DType.INT64));
            }
            if (momentum == null) {
                factor = 1.0 / numBatchesTracked.itemLong();
            }
        }
        boolean bnTraining = isTraining() || runningMean == null;
        if (!bnTraining || !isTraining() || processGroup.worldSize() == 1) {
            boolean useRunning = !isTraining() || runningMean != null;
            return F.batchNorm(input, useRunning ? runningMean : null, useRunning ? runningVar : null, weight, bias,
                    bnTraining, factor, eps);
        }
        return synced(input, factor);
    }

    private Tensor synced(Tensor input, double factor) {
        synchronized (pendingHooks) {
            pendingHooks.removeAll(firedHooks);
            firedHooks.clear();
        }
        long[] dims = new long[input.dim() - 1];
        long[] channelShape = new long[input.dim()];
        dims[0] = 0;
        for (int d = 2; d < input.dim(); d++) {
            dims[d - 1] = d;
        }
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = numFeatures;
        long localCount = input.numel() / numFeatures;
        double count = processGroup.allReduce((double) localCount, ReduceOp.SUM);
        if (count <= 1) {
            throw new IllegalArgumentException("SyncBatchNorm.forward: expected more than 1 value per channel when "
                    + "training, got " + (long) count + " over all ranks");
        }
        Tensor mean = syncSum(input.sum(dims, false)).div(count);
        Tensor centered = input.sub(mean.view(channelShape));
        Tensor var = syncSum(centered.mul(centered).sum(dims, false)).div(count);
        Tensor out = centered.mul(var.add(eps).pow(-0.5).view(channelShape));
        if (weight != null) {
            out = out.mul(weight.view(channelShape)).add(bias.view(channelShape));
        }
        if (runningMean != null) {
            try (NoGrad ng = NoGrad.enter()) {
                runningMean.mul_(1 - factor).add_(mean.detach(), factor);
                runningVar.mul_(1 - factor).add_(var.detach().mul(count / (count - 1)), factor);
            }
        }
        return out;
    }

    /**
     * The sum of {@code local} over all ranks; in backward, the gradient arriving at the sum is
     * summed over all ranks as well before it flows into {@code local}.
     */
    private Tensor syncSum(Tensor local) {
        Tensor reduced;
        try (NoGrad ng = NoGrad.enter()) {
            reduced = local.detach().clone();
            processGroup.allReduce(reduced, ReduceOp.SUM);
        }
        // value: the global sum; gradient: identity into local, then all-reduced by the hook
        Tensor global = local.add(reduced.sub(local.detach()));
        if (global.requiresGrad()) {
            TensorTensorHook[] self = new TensorTensorHook[1];
            self[0] = new TensorTensorHook() {
                @Override
                public TensorBase call(TensorBase grad) {
                    synchronized (pendingHooks) {
                        firedHooks.add(self[0]);
                    }
                    try (NoGrad ng = NoGrad.enter()) {
                        Tensor g = NativeInterop.wrap(new org.bytedeco.pytorch.Tensor(grad)).clone();
                        processGroup.allReduce(g, ReduceOp.SUM);
                        return NativeInterop.handle(g);
                    } catch (RuntimeException e) {
                        hookFailure = e; // never throw into libtorch; the next forward reports it
                        return grad;
                    }
                }
            };
            Natives.escape(self[0]);
            synchronized (pendingHooks) {
                pendingHooks.add(self[0]);
            }
            NativeInterop.handle(global).register_hook(self[0]);
        }
        return global;
    }

    /** {@code momentum}; {@code null} for the cumulative moving average. */
    public Double momentum() {
        return momentum;
    }

    /** The process group the statistics are synchronised over. */
    public ProcessGroup processGroup() {
        return processGroup;
    }

    /** The {@code running_mean} buffer (live), or {@code null}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The {@code running_var} buffer (live), or {@code null}. */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + (momentum == null ? "None" : momentum) + ", affine="
                + (weight != null ? "True" : "False") + ", track_running_stats=" + (runningMean != null ? "True" : "False");
    }
}
