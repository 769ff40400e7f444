package dev.trainkit.dist;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Data-parallel training over a {@link ProcessGroup} ({@code torch.nn.parallel.DistributedDataParallel}):
 * every rank holds a replica of the module, trains on its own share of each batch, and the
 * gradients are averaged over ranks before the optimizer step, so all replicas stay identical.
 *
 * <pre>{@code
 * try (ProcessGroup pg = ProcessGroup.init(DistributedEnv.fromEnv())) {
 *     DistributedDataParallel ddp = new DistributedDataParallel(model, pg); // broadcasts rank 0's weights
 *     SGD opt = new SGD(ddp.parameters(), 0.1);
 *     for (Batch b : loader) {                       // loader with a DistributedSampler
 *         try (TensorScope step = TensorScope.open()) {
 *             opt.zeroGrad();
 *             Tensor loss = new CrossEntropyLoss().forward(ddp.forward(b.inputs()), b.labels());
 *             ddp.backward(loss);                    // backward + bucketed gradient all-reduce
 *             opt.step();
 *         }
 *     }
 * }
 * // ddp = DistributedDataParallel(model); loss.backward(); opt.step()
 * }</pre>
 *
 * <p>Construction broadcasts rank 0's parameters and buffers to every rank (one coalesced
 * broadcast per dtype) and checks that all ranks wrap models of the same size. {@link #backward}
 * runs autograd and averages the gradients over ranks in buckets: a gradient hook on every
 * parameter copies its gradient into its bucket's flat buffer, and as soon as a bucket is full
 * (and all earlier buckets have started) its all-reduce starts on Gloo's threads while autograd
 * goes on, overlapping communication with backward as PyTorch's {@code Reducer} does. After
 * backward the buckets are awaited and copied back into {@code .grad}. The buckets are
 * PyTorch 1.13's (tested against its {@code rebuilt_per_bucket_param_indices}): the first
 * backward reduces everything in one bucket per dtype and records the order in which the
 * gradients arrived; from then on the buckets follow that order, the first holding about 1 MiB
 * (so that its all-reduce starts early) and the next ones about {@code bucketCapMb} (25 MiB,
 * {@code bucket_cap_mb}). With {@code overlap=false}, or after a plain {@code loss.backward()}
 * followed by {@link #syncGradients}, the same limits are applied in reverse registration order
 * and the buckets are flattened with {@code cat} and all-reduced after backward (same numbers).
 * In training mode the buffers (e.g. BatchNorm running stats) are broadcast from rank 0 before
 * every forward, coalesced ({@code broadcast_buffers=True}). {@link #noSync} accumulates
 * gradients locally ({@code no_sync()}); the next synchronized backward averages the
 * accumulated sum.
 *
 * <p>libtorch's C++ {@code Reducer} itself is not used: it needs a {@code c10d::ProcessGroup}
 * wrapper and autograd-engine callbacks that the Java bindings do not expose. The hooks run on
 * the thread that calls backward (libtorch's CPU autograd runs there); a failed collective in a
 * hook is rethrown after backward returns.
 *
 * <p>The state dict of the wrapper has PyTorch's {@code module.} prefix; save
 * {@code ddp.module().stateDict()} (on rank 0) to get the plain model's names.
 */
public final class DistributedDataParallel extends Module {
    /** PyTorch's default {@code bucket_cap_mb}. */
    public static final double DEFAULT_BUCKET_CAP_MB = 25.0;

    private final Module module;
    private final ProcessGroup pg;
    private final boolean broadcastBuffers;
    private final GradBuckets reducer;
    private int noSyncDepth;

    /** Wraps {@code module} with 25 MB buckets and buffer broadcasting. */
    public DistributedDataParallel(Module module, ProcessGroup pg) {
        this(module, pg, DEFAULT_BUCKET_CAP_MB, true, true);
    }

    /**
     * Wraps {@code module}.
     *
     * @param bucketCapMb      the gradient bucket size in MiB ({@code bucket_cap_mb}), > 0
     * @param broadcastBuffers whether to broadcast rank 0's buffers before every training forward
     * @param overlap          whether {@link #backward} starts a bucket's all-reduce as soon as its
     *                         gradients are ready (gradient hooks), or only after backward
     */
    public DistributedDataParallel(Module module, ProcessGroup pg, double bucketCapMb, boolean broadcastBuffers,
                                   boolean overlap) {
        this(module, pg, bucketCapMb, broadcastBuffers, overlap, BucketAssignment.FIRST_BUCKET_BYTES);
    }

    /** As the public constructor, with the first bucket's limit ({@code dist._DEFAULT_FIRST_BUCKET_BYTES}). */
    DistributedDataParallel(Module module, ProcessGroup pg, double bucketCapMb, boolean broadcastBuffers,
                            boolean overlap, long firstBucketBytes) {
        this.module = registerModule("module", Objects.requireNonNull(module, "module"));
        this.pg = Objects.requireNonNull(pg, "pg");
        if (!(bucketCapMb > 0)) {
            throw new IllegalArgumentException("bucketCapMb: expected a size > 0 MiB, got " + bucketCapMb);
        }
        this.broadcastBuffers = broadcastBuffers;
        checkSameModel();
        List<Tensor> state = new ArrayList<>(module.parameters());
        state.addAll(module.buffers());
        pg.broadcastCoalesced(state, 0);
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : module.parameters()) {
            if (p.requiresGrad()) {
                trainable.add(p);
            }
        }
        this.reducer = new GradBuckets(pg, trainable, firstBucketBytes, (long) (bucketCapMb * 1024 * 1024),
                overlap && pg.worldSize() > 1);
    }

    private void checkSameModel() {
        long numel = 0;
        for (Parameter p : module.parameters()) {
            numel += p.numel();
        }
        double[] elems = pg.allGather(numel);
        double[] tensors = pg.allGather(module.parameters().size());
        for (int r = 0; r < elems.length; r++) {
            if (elems[r] != elems[0] || tensors[r] != tensors[0]) {
                throw new IllegalArgumentException("DistributedDataParallel: every rank must wrap the same model, but rank "
                        + r + " has " + (long) elems[r] + " parameter elements in " + (long) tensors[r]
                        + " tensors and rank 0 has " + (long) elems[0] + " in " + (long) tensors[0]);
            }
        }
    }

    /** The wrapped module ({@code ddp.module}). */
    public Module module() {
        return module;
    }

    /** The process group gradients are reduced over. */
    public ProcessGroup processGroup() {
        return pg;
    }

    /** The number of gradient buckets. */
    public int numBuckets() {
        return reducer.size();
    }

    /** Buckets whose all-reduce the last {@link #backward} started while autograd was still running. */
    int bucketsStartedDuringBackward() {
        return reducer.startedDuringBackward;
    }

    /** Broadcasts rank 0's buffers (in training mode, if enabled), then runs the module. */
    @Override
    public Tensor forward(Tensor input) {
        if (broadcastBuffers && isTraining() && pg.worldSize() > 1) {
            List<Tensor> bufs = module.buffers();
            if (!bufs.isEmpty()) {
                pg.broadcastCoalesced(bufs, 0);
            }
        }
        return module.forward(input);
    }

    /**
     * Backward of {@code loss}, then (outside {@link #noSync}) the gradient all-reduce: afterwards
     * every rank holds the average of all ranks' gradients ({@code loss.backward()} under DDP).
     */
    public void backward(Tensor loss) {
        if (noSyncDepth > 0 || pg.worldSize() == 1) {
            loss.backward();
        } else {
            reducer.backward(loss);
        }
    }

    /**
     * Runs {@code body} with gradient synchronization off, so backward passes inside only
     * accumulate local gradients ({@code with ddp.no_sync(): ...}); the first {@link #backward}
     * after it averages the accumulated gradients over ranks.
     *
     * <pre>{@code
     * ddp.noSync(() -> ddp.backward(lossOf(microBatch1)));   // local accumulation
     * ddp.backward(lossOf(microBatch2));                       // accumulate + all-reduce
     * opt.step();
     * }</pre>
     */
    public void noSync(Runnable body) {
        noSyncDepth++;
        try {
            body.run();
        } finally {
            noSyncDepth--;
        }
    }

    /**
     * Averages the current gradients over ranks, bucket by bucket, after a finished backward; a
     * parameter without a gradient counts as zeros. Use it after a plain {@code loss.backward()};
     * {@link #backward} does this itself, overlapped with autograd.
     */
    public void syncGradients() {
        reducer.syncAfterBackward();
    }

    @Override
    protected String extraRepr() {
        return "world_size=" + pg.worldSize() + ", " + reducer;
    }
}
