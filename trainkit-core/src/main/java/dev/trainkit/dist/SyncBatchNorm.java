package dev.trainkit.dist;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;

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
 * order (as DDP requires).
 */
public class SyncBatchNorm extends BatchNormBase {
    private final ProcessGroup processGroup;
    /**
     * The gradient hook every training forward registers: it all-reduces the gradient arriving at
     * a synchronised sum. One object for the layer's lifetime, because libtorch calls it through a
     * native pointer for as long as any graph that holds it lives (a retained graph may run it
     * again after later forwards).
     */
    private final TensorTensorHook allReduceGradient = C10dPointers.escape(new TensorTensorHook() {
        @Override
        public TensorBase call(TensorBase grad) {
            try (NoGrad ng = NoGrad.enter()) {
                Tensor g = NativeInterop.wrap(new org.bytedeco.pytorch.Tensor(grad)).clone();
                processGroup.allReduce(g, ReduceOp.SUM);
                return NativeInterop.handle(g);
            } catch (RuntimeException e) {
                hookFailure = e; // never throw into libtorch; the next forward reports it
                return grad;
            }
        }
    });
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
        super("SyncBatchNorm", numFeatures, eps, momentum, affine, trackRunningStats);
        this.processGroup = requireGroup("SyncBatchNorm", processGroup);
    }

    private SyncBatchNorm(BatchNormBase source, ProcessGroup processGroup) {
        super("SyncBatchNorm", source);
        this.processGroup = requireGroup("convert_sync_batchnorm", processGroup);
    }

    private static ProcessGroup requireGroup(String who, ProcessGroup processGroup) {
        if (processGroup == null) {
            throw new IllegalArgumentException(who + ": process_group: expected a ProcessGroup (the ranks whose "
                    + "batches are normalised together), got null; use BatchNorm outside a distributed job");
        }
        return processGroup;
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
        requireGroup("convert_sync_batchnorm", processGroup);
        if (module instanceof BatchNormBase bn) {
            return bn instanceof SyncBatchNorm ? bn : new SyncBatchNorm(bn, processGroup);
        }
        for (Map.Entry<String, Module> e : module.namedModules().entrySet()) {
            if (!e.getKey().isEmpty() && e.getValue() instanceof BatchNormBase bn && !(bn instanceof SyncBatchNorm)) {
                module.setSubmodule(e.getKey(), new SyncBatchNorm(bn, processGroup));
            }
        }
        return module;
    }

    /** Any input with channels in dim 1: (N, C), (N, C, L), (N, C, H, W), ... */
    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("SyncBatchNorm.forward: expected at least 2D input (got " + input.dim()
                    + "D input)");
        }
    }

    /** The count that matters is the global one, checked when the statistics are synchronised. */
    @Override
    protected void checkBatchSize(Tensor input) {
        if (processGroup.worldSize() == 1) {
            super.checkBatchSize(input);
        }
    }

    @Override
    protected Tensor normalize(Tensor input, boolean batchStats, Tensor runningMean, Tensor runningVar, double factor) {
        RuntimeException failed = hookFailure;
        if (failed != null) {
            hookFailure = null;
            throw new IllegalStateException("SyncBatchNorm: the gradient all-reduce of the previous backward failed", failed);
        }
        if (!batchStats || !isTraining() || processGroup.worldSize() == 1) {
            return super.normalize(input, batchStats, runningMean, runningVar, factor);
        }
        return synced(input, runningMean, runningVar, factor);
    }

    private Tensor synced(Tensor input, Tensor runningMean, Tensor runningVar, double factor) {
        long[] dims = new long[input.dim() - 1];
        long[] channelShape = new long[input.dim()];
        dims[0] = 0;
        for (int d = 2; d < input.dim(); d++) {
            dims[d - 1] = d;
        }
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = numFeatures();
        long localCount = input.numel() / numFeatures();
        double count = processGroup.allReduce((double) localCount, ReduceOp.SUM);
        if (count <= 1) {
            throw new IllegalArgumentException("SyncBatchNorm.forward: expected more than 1 value per channel when "
                    + "training, got " + (long) count + " over all ranks");
        }
        Tensor mean = syncSum(input.sum(dims, false)).div(count);
        Tensor centered = input.sub(mean.view(channelShape));
        Tensor var = syncSum(centered.mul(centered).sum(dims, false)).div(count);
        Tensor out = centered.mul(var.add(eps()).pow(-0.5).view(channelShape));
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
            NativeInterop.handle(global).register_hook(allReduceGradient);
        }
        return global;
    }

    /** The process group the statistics are synchronised over. */
    public ProcessGroup processGroup() {
        return processGroup;
    }
}
