package dev.trainkit.dist;

import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.VoidTensorHook;

/**
 * The gradient all-reduce of {@link DistributedDataParallel}, bucket by bucket, either after
 * backward ({@link #syncAfterBackward}) or overlapped with it ({@link #backward}): a gradient
 * hook on every parameter copies its gradient (plus any gradient accumulated under
 * {@code noSync}) into its bucket's flat buffer, and a full bucket's all-reduce starts while
 * autograd goes on with earlier layers. Buckets start strictly in order, as in PyTorch's
 * {@code Reducer}, so every rank issues the same sequence of collectives. Hooks fire only
 * inside {@link #backward}; a plain {@code loss.backward()} leaves them idle.
 */
final class GradBuckets {
    private final ProcessGroup pg;
    private final List<List<Parameter>> buckets;
    private final long[] bucketNumel;
    private final List<VoidTensorHook> hooks = new ArrayList<>();

    // state of the overlapped backward in progress
    private boolean armed;
    private Tensor[] flats;
    private boolean[][] ready;
    private int[] remaining;
    private ProcessGroup.Pending[] pending;
    private int nextLaunch;
    private RuntimeException hookFailure;
    /** How many buckets the last overlapped backward started from inside autograd (for tests and tuning). */
    int startedDuringBackward;

    GradBuckets(ProcessGroup pg, List<List<Parameter>> buckets, boolean overlap) {
        this.pg = pg;
        this.buckets = buckets;
        this.bucketNumel = new long[buckets.size()];
        for (int b = 0; b < buckets.size(); b++) {
            long off = 0;
            for (int j = 0; j < buckets.get(b).size(); j++) {
                Parameter p = buckets.get(b).get(j);
                if (overlap && pg.worldSize() > 1) {
                    register(p, b, j, off);
                }
                off += p.numel();
            }
            bucketNumel[b] = off;
        }
    }

    int size() {
        return buckets.size();
    }

    List<List<Parameter>> buckets() {
        return buckets;
    }

    private void register(Parameter p, int b, int j, long off) {
        VoidTensorHook hook = new VoidTensorHook() {
            @Override
            public void call(TensorBase grad) {
                onGrad(p, b, j, off, grad);
            }
        };
        Natives.escape(hook);
        hooks.add(hook);
        NativeInterop.handle(p).register_hook(hook);
    }

    /** Runs on the autograd thread; never throws into libtorch (the failure is rethrown after backward). */
    private void onGrad(Parameter p, int b, int j, long off, TensorBase grad) {
        if (!armed || ready[b][j] || hookFailure != null) {
            return;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor g = NativeInterop.wrap(new org.bytedeco.pytorch.Tensor(grad));
            Tensor seg = flats[b].narrow(0, off, p.numel());
            seg.copy_(g.reshape(-1));
            Tensor acc = p.grad();
            if (acc != null) {
                seg.add_(acc.reshape(-1));
            }
            ready[b][j] = true;
            remaining[b]--;
            while (nextLaunch < buckets.size() && remaining[nextLaunch] == 0) {
                pending[nextLaunch] = pg.startAllReduce(flats[nextLaunch], ReduceOp.AVG);
                nextLaunch++;
            }
        } catch (RuntimeException e) {
            hookFailure = e;
        }
    }

    /** Backward with the all-reduce overlapped; afterwards every parameter holds the averaged gradient. */
    void backward(Tensor loss) {
        if (hooks.isEmpty()) {
            loss.backward();
            syncAfterBackward();
            return;
        }
        pg.checkUsable();
        int n = buckets.size();
        flats = new Tensor[n];
        ready = new boolean[n][];
        remaining = new int[n];
        pending = new ProcessGroup.Pending[n];
        nextLaunch = 0;
        hookFailure = null;
        for (int b = 0; b < n; b++) {
            Parameter first = buckets.get(b).get(0);
            flats[b] = Torch.zeros(first.dtype(), bucketNumel[b]);
            ready[b] = new boolean[buckets.get(b).size()];
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
                long off = 0;
                for (int j = 0; j < buckets.get(b).size(); j++) {
                    Parameter p = buckets.get(b).get(j);
                    Tensor acc = p.grad();
                    if (!ready[b][j] && acc != null) {
                        flats[b].narrow(0, off, p.numel()).copy_(acc.reshape(-1));
                    }
                    off += p.numel();
                }
                pending[b] = pg.startAllReduce(flats[b], ReduceOp.AVG);
            }
            nextLaunch = n;
            for (int b = 0; b < n; b++) {
                pending[b].await();
                copyBack(b, flats[b]);
            }
        } finally {
            flats = null;
            pending = null;
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
            for (List<Parameter> bucket : buckets) {
                List<Tensor> parts = new ArrayList<>(bucket.size());
                for (Parameter p : bucket) {
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
        long off = 0;
        for (Parameter p : buckets.get(b)) {
            long n = p.numel();
            Tensor avg = flat.narrow(0, off, n).view(p.shape());
            Tensor g = p.grad();
            if (g == null) {
                p.setGrad(avg.clone());
            } else {
                g.copy_(avg);
            }
            off += n;
        }
    }
}
