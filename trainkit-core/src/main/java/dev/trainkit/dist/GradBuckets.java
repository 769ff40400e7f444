package dev.trainkit.dist;

import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.VoidTensorHook;
import org.bytedeco.pytorch.global.torch;

/**
 * The gradient all-reduce of {@link DistributedDataParallel}, bucket by bucket, either after
 * backward ({@link #syncAfterBackward}) or overlapped with it ({@link #backward}): a gradient
 * hook on every parameter copies its gradient (plus any gradient accumulated under
 * {@code noSync}) into its bucket's flat buffer, and a full bucket's all-reduce starts while
 * autograd goes on with earlier layers. Buckets start strictly in order, as in PyTorch's
 * {@code Reducer}, so every rank issues the same sequence of collectives. Hooks fire only
 * inside {@link #backward}; a plain {@code loss.backward()} leaves them idle.
 *
 * <p>Bucket assignment follows PyTorch 1.13's {@code Reducer}: with hooks, the first overlapped
 * backward reduces everything in one bucket per dtype and records the order in which autograd
 * produced the gradients; then the buckets are rebuilt over that order (rank 0's, broadcast, so
 * every rank agrees) with {@link BucketAssignment}'s limits: a small first bucket
 * ({@link BucketAssignment#FIRST_BUCKET_BYTES}) whose all-reduce starts early, then
 * {@code bucket_cap_mb}. Without hooks the buckets are assigned once, in reverse registration
 * order.
 */
final class GradBuckets {
    private final ProcessGroup pg;
    /** Trainable parameters in registration order; hooks and the recorded order use these indices. */
    private final List<Parameter> params;
    private final long[] limits;
    /**
     * The hook objects of every reducer, by parameter. libtorch keeps a registered hook for as long
     * as the parameter's tensor lives and calls back through the JavaCPP object; had that object
     * been collected with its reducer, the next backward through the parameter (a new wrapper, a
     * plain backward) would call into a freed callback. So the objects live as long as their
     * parameter, and reach their reducer only weakly: a dropped reducer's buffers are still freed,
     * and its hooks then do nothing.
     */
    private static final Map<Parameter, List<VoidTensorHook>> HOOKS = new WeakHashMap<>();
    private final boolean hooked;

    // the current assignment: buckets of parameter indices, and where each parameter sits
    private List<List<Integer>> buckets;
    private int[] bucketOf;
    private long[] offsetOf;
    private long[] bucketNumel;
    /** One flat buffer per bucket, kept across steps (allocating ~the model's size every step costs page faults). */
    private Tensor[] flats;
    /** Whether the buckets are final (rebuilt over the recorded gradient order, or assigned without hooks). */
    private boolean rebuilt;
    private final List<Integer> readyOrder = new ArrayList<>();

    // state of the overlapped backward in progress
    private boolean armed;
    private boolean[] ready;
    private int[] remaining;
    private ProcessGroup.Pending[] pending;
    private int nextLaunch;
    private RuntimeException hookFailure;
    /** How many buckets the last overlapped backward started from inside autograd (for tests and tuning). */
    int startedDuringBackward;

    /**
     * @param params     the trainable parameters in registration order
     * @param firstBytes the first bucket's limit in bytes ({@link BucketAssignment#FIRST_BUCKET_BYTES})
     * @param capBytes   {@code bucket_cap_mb} in bytes
     * @param hooked     whether to overlap the all-reduce with backward through gradient hooks
     */
    GradBuckets(ProcessGroup pg, List<Parameter> params, long firstBytes, long capBytes, boolean hooked) {
        this.pg = pg;
        this.params = List.copyOf(params);
        this.limits = new long[] {firstBytes, capBytes};
        this.hooked = hooked && !this.params.isEmpty();
        if (this.hooked) {
            WeakReference<GradBuckets> self = new WeakReference<>(this);
            for (int i = 0; i < this.params.size(); i++) {
                register(self, this.params.get(i), i);
            }
            // PyTorch's first iteration: one bucket per dtype, until the gradient order is known
            assign(reverseRegistrationOrder(), new long[] {Long.MAX_VALUE});
        } else {
            assign(reverseRegistrationOrder(), limits);
            rebuilt = true;
        }
    }

    int size() {
        return buckets.size();
    }

    /** The buckets as parameter indices (registration order of the trainable parameters). */
    List<List<Integer>> bucketIndices() {
        return buckets;
    }

    /** Whether the buckets have been rebuilt over the recorded gradient order (or needed no rebuild). */
    boolean isRebuilt() {
        return rebuilt;
    }

    private List<Integer> reverseRegistrationOrder() {
        List<Integer> order = new ArrayList<>(params.size());
        for (int i = params.size() - 1; i >= 0; i--) {
            order.add(i);
        }
        return order;
    }

    private void assign(List<Integer> order, long[] bucketLimits) {
        List<Parameter> ordered = new ArrayList<>(order.size());
        order.forEach(i -> ordered.add(params.get(i)));
        List<List<Integer>> positions = BucketAssignment.assign(ordered, bucketLimits);
        buckets = new ArrayList<>(positions.size());
        bucketOf = new int[params.size()];
        offsetOf = new long[params.size()];
        bucketNumel = new long[positions.size()];
        for (int b = 0; b < positions.size(); b++) {
            List<Integer> bucket = new ArrayList<>(positions.get(b).size());
            long off = 0;
            for (int pos : positions.get(b)) {
                int i = order.get(pos);
                bucket.add(i);
                bucketOf[i] = b;
                offsetOf[i] = off;
                off += params.get(i).numel();
            }
            buckets.add(List.copyOf(bucket));
            bucketNumel[b] = off;
        }
        flats = new Tensor[buckets.size()];
        if (!hooked) {
            return; // after backward, the buckets are concatenated afresh
        }
        for (int b = 0; b < flats.length; b++) {
            flats[b] = TensorScope.escape(Torch.zeros(params.get(buckets.get(b).get(0)).dtype(), bucketNumel[b]));
        }
    }

    /** After the first overlapped backward: buckets over rank 0's recorded gradient order. */
    private void rebuild() {
        boolean[] seen = new boolean[params.size()];
        List<Integer> order = new ArrayList<>(params.size());
        for (int i : readyOrder) {
            if (!seen[i]) {
                seen[i] = true;
                order.add(i);
            }
        }
        for (int i : reverseRegistrationOrder()) {
            if (!seen[i]) {
                order.add(i); // parameters autograd did not reach: last, as they come
            }
        }
        List<Integer> agreed = order;
        if (!order.isEmpty()) {
            Tensor t = Torch.tensor(order.stream().mapToLong(Integer::longValue).toArray(), order.size());
            pg.broadcast(t, 0);
            agreed = new ArrayList<>(order.size());
            for (long i : t.toLongArray()) {
                agreed.add((int) i);
            }
        }
        assign(agreed, limits);
        readyOrder.clear();
        rebuilt = true;
    }

    private static void register(WeakReference<GradBuckets> owner, Parameter p, int i) {
        VoidTensorHook hook = new VoidTensorHook() {
            @Override
            public void call(TensorBase grad) {
                GradBuckets reducer = owner.get();
                if (reducer != null) {
                    reducer.onGrad(i, grad);
                }
            }
        };
        C10dPointers.escape(hook);
        synchronized (HOOKS) {
            HOOKS.computeIfAbsent(p, k -> new ArrayList<>()).add(hook);
        }
        NativeInterop.handle(p).register_hook(hook);
    }

    /** Runs on the autograd thread; never throws into libtorch (the failure is rethrown after backward). */
    private void onGrad(int i, TensorBase grad) {
        if (!armed || ready[i] || hookFailure != null) {
            return;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            if (!rebuilt) {
                readyOrder.add(i);
            }
            Parameter p = params.get(i);
            int b = bucketOf[i];
            Tensor g = NativeInterop.wrap(new org.bytedeco.pytorch.Tensor(grad));
            Tensor acc = p.grad();
            fill(flats[b].narrow(0, offsetOf[i], p.numel()), acc == null ? g : g.add(acc));
            ready[i] = true;
            remaining[b]--;
            while (nextLaunch < buckets.size() && remaining[nextLaunch] == 0) {
                pending[nextLaunch] = pg.startAllReduce(flats[nextLaunch], ReduceOp.SUM);
                nextLaunch++;
            }
        } catch (RuntimeException e) {
            hookFailure = e;
        }
    }

    /** Backward with the all-reduce overlapped; afterwards every parameter holds the averaged gradient. */
    void backward(Tensor loss) {
        if (!hooked) {
            loss.backward();
            syncAfterBackward();
            return;
        }
        pg.checkUsable();
        int n = buckets.size();
        ready = new boolean[params.size()];
        remaining = new int[n];
        pending = new ProcessGroup.Pending[n];
        nextLaunch = 0;
        hookFailure = null;
        readyOrder.clear();
        for (int b = 0; b < n; b++) {
            remaining[b] = buckets.get(b).size();
        }
        armed = true;
        try {
            loss.backward();
        } finally {
            armed = false;
        }
        startedDuringBackward = nextLaunch;
        if (hookFailure != null) {
            throw hookFailure;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            // parameters autograd did not reach this time contribute what they hold (or zeros)
            for (int b = nextLaunch; b < n; b++) {
                for (int i : buckets.get(b)) {
                    Parameter p = params.get(i);
                    if (!ready[i]) {
                        Tensor seg = flats[b].narrow(0, offsetOf[i], p.numel());
                        if (p.grad() == null) {
                            seg.zero_();
                        } else {
                            fill(seg, p.grad());
                        }
                    }
                }
                pending[b] = pg.startAllReduce(flats[b], ReduceOp.SUM);
            }
            nextLaunch = n;
            for (int b = 0; b < n; b++) {
                pending[b].await();
                copyBack(b, flats[b]);
            }
        } finally {
            pending = null;
        }
        if (!rebuilt) {
            rebuild();
        }
    }

    /**
     * {@code seg = grad / world_size}, in one pass: PyTorch 1.13's Reducer divides each gradient
     * as it copies it into the bucket, then sums the buckets over ranks.
     */
    private void fill(Tensor seg, Tensor grad) {
        if (pg.worldSize() == 1) {
            seg.copy_(grad.reshape(-1));
        } else {
            Tensor flat = grad.reshape(-1);
            NativeInterop.run("div_out", () -> torch.div_out(NativeInterop.handle(seg), NativeInterop.handle(flat),
                    new Scalar(pg.worldSize())), seg, flat);
        }
    }

    /** The all-reduce after a finished backward; a parameter without a gradient counts as zeros. */
    void syncAfterBackward() {
        if (pg.worldSize() == 1) {
            return;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            List<ProcessGroup.Pending> started = new ArrayList<>(buckets.size());
            List<Tensor> flat = new ArrayList<>(buckets.size());
            for (List<Integer> bucket : buckets) {
                List<Tensor> parts = new ArrayList<>(bucket.size());
                for (int i : bucket) {
                    Parameter p = params.get(i);
                    Tensor g = p.grad();
                    parts.add((g == null ? Torch.zerosLike(p) : g).reshape(-1));
                }
                Tensor f = parts.size() == 1 ? parts.get(0).clone() : Torch.cat(parts, 0);
                flat.add(f);
                started.add(pg.startAllReduce(f, ReduceOp.AVG));
            }
            for (int b = 0; b < buckets.size(); b++) {
                started.get(b).await();
                copyBack(b, flat.get(b));
            }
        }
    }

    private void copyBack(int b, Tensor flat) {
        for (int i : buckets.get(b)) {
            Parameter p = params.get(i);
            Tensor avg = flat.narrow(0, offsetOf[i], p.numel()).view(p.shape());
            Tensor g = p.grad();
            if (g == null) {
                p.setGrad(avg.clone());
            } else {
                g.copy_(avg);
            }
        }
    }

    @Override
    public String toString() {
        long[] bytes = new long[buckets.size()];
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = bucketNumel[b] * params.get(buckets.get(b).get(0)).dtype().itemSize();
        }
        return "buckets=" + buckets.size() + ", bucket_bytes=" + Arrays.toString(bytes);
    }
}
