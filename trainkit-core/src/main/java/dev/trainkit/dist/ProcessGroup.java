package dev.trainkit.dist;

import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;

/**
 * A c10d process group: collectives over all ranks of a job, Gloo for CPU tensors and NCCL for
 * CUDA tensors ({@code torch.distributed} with {@code init_process_group}).
 *
 * <pre>{@code
 * try (ProcessGroup pg = ProcessGroup.init(DistributedEnv.fromEnv())) {
 *     pg.allReduce(t, ReduceOp.SUM);          // dist.all_reduce(t)
 *     pg.broadcast(t, 0);                     // dist.broadcast(t, src=0)
 *     pg.barrier();                           // dist.barrier()
 *     double[] losses = pg.allGather(loss);   // dist.all_gather_object(out, loss)
 * }
 * }</pre>
 *
 * <p>Every collective is bounded by {@link DistributedEnv#timeout()}: a peer that died fails it
 * at once (its sockets close), a peer that hangs fails it after the timeout. The failure is a
 * {@link DistributedException} naming the lost rank, found through per-rank heartbeats in the
 * store. After a failure the group is broken and every later call fails the same way.
 *
 * <p>Create process groups outside any {@code TensorScope}; collectives may run inside one.
 * The NCCL path (device {@code cuda}) needs the {@code cuda} Maven profile and is untested here.
 */
public final class ProcessGroup implements AutoCloseable {
    private final DistributedEnv env;
    private final Device device;
    private final Rendezvous rendezvous;
    private final Backend backend;
    private final Heartbeat heartbeat;
    private final long timeoutMs;
    private volatile DistributedException broken;
    private boolean closed;

    private ProcessGroup(DistributedEnv env, Device device) {
        NativeInterop.ensureLoaded();
        this.env = env;
        this.device = device;
        this.timeoutMs = env.timeout().toMillis();
        this.rendezvous = Rendezvous.open(env);
        Store store = rendezvous.store();
        this.heartbeat = new Heartbeat(store, env.rank(), env.worldSize(),
                env.storePath() == null ? env.masterAddr() + ":" + env.masterPort() : null);
        try {
            this.backend = device.isCuda() ? NcclBackend.create(store, env.rank(), env.worldSize(), timeoutMs)
                    : gloo(store, env, timeoutMs);
        } catch (RuntimeException e) {
            RuntimeException failed = e instanceof DistributedException ? e : failure("init", e);
            heartbeat.close();
            rendezvous.close();
            throw failed;
        }
    }

    /** Joins the job on the CPU (Gloo). Blocks until every rank has joined or the timeout passes. */
    public static ProcessGroup init(DistributedEnv env) {
        return init(env, Device.CPU);
    }

    /** Joins the job for tensors on {@code device}: Gloo on {@code cpu}, NCCL on {@code cuda}. */
    public static ProcessGroup init(DistributedEnv env, Device device) {
        return new ProcessGroup(Objects.requireNonNull(env, "env"), Objects.requireNonNull(device, "device"));
    }

    private static Backend gloo(Store store, DistributedEnv env, long timeoutMs) {
        ProcessGroupGloo.Options opts = C10dPointers.escape(ProcessGroupGloo.Options.create(new Milliseconds(timeoutMs)));
        opts.devices(C10dPointers.escape(new GlooDeviceVector(glooDevice(env))));
        return C10dPointers.escape(new ProcessGroupGloo(store, env.rank(), env.worldSize(), opts));
    }

    /** As PyTorch: GLOO_SOCKET_IFNAME if set, loopback for a local job, else the host's address. */
    private static org.bytedeco.pytorch.gloo.Device glooDevice(DistributedEnv env) {
        String ifname = System.getenv("GLOO_SOCKET_IFNAME");
        if (ifname != null && !ifname.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(ifname.split(",")[0].trim());
        }
        String addr = env.masterAddr();
        if (env.storePath() != null || addr == null || addr.equals("localhost") || addr.startsWith("127.")) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    /** This process's rank. */
    public int rank() {
        return env.rank();
    }

    /** The number of ranks. */
    public int worldSize() {
        return env.worldSize();
    }

    /** Whether this is rank 0, the one that logs, saves checkpoints and hosts the TCP store. */
    public boolean isMain() {
        return env.rank() == 0;
    }

    /** The rendezvous settings this group was created from. */
    public DistributedEnv env() {
        return env;
    }

    /** The device of the tensors this group reduces. */
    public Device device() {
        return device;
    }

    /** Reduces {@code t} in place over all ranks ({@code dist.all_reduce}). */
    public void allReduce(Tensor t, ReduceOp op) {
        startAllReduce(t, op).await();
    }

    /** Copies rank {@code src}'s {@code t} into every rank's {@code t} ({@code dist.broadcast}). */
    public void broadcast(Tensor t, int src) {
        checkRank("src", src);
        checkTensor("broadcast", t);
        BroadcastOptions o = new BroadcastOptions();
        o.rootRank(src);
        o.timeout(new Milliseconds(timeoutMs));
        TensorVector v = new TensorVector(NativeInterop.handle(t));
        new Pending(this, "broadcast", () -> backend.broadcast(v, o), v, null, null).await();
    }

    /**
     * Copies rank {@code src}'s tensors into every rank's, one broadcast per dtype instead of one
     * per tensor (DDP's {@code _broadcast_coalesced} of parameters and buffers): the tensors of a
     * dtype are flattened into one buffer, broadcast, and copied back. Autograd is off inside.
     */
    public void broadcastCoalesced(List<? extends Tensor> tensors, int src) {
        checkRank("src", src);
        Map<DType, List<Tensor>> byType = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            Objects.requireNonNull(t, "broadcastCoalesced: tensor");
            byType.computeIfAbsent(t.dtype(), k -> new ArrayList<>()).add(t);
        }
        NoGrad.run(() -> {
            for (List<Tensor> group : byType.values()) {
                try (TensorScope scope = TensorScope.open()) {
                    List<Tensor> flat = new ArrayList<>(group.size());
                    for (Tensor t : group) {
                        flat.add(t.reshape(-1));
                    }
                    Tensor all = Torch.cat(flat, 0);
                    broadcast(all, src);
                    long off = 0;
                    for (Tensor t : group) {
                        t.copy_(all.narrow(0, off, t.numel()).view(t.shape()));
                        off += t.numel();
                    }
                }
            }
        });
    }

    /** Blocks until every rank has reached this point ({@code dist.barrier}). */
    public void barrier() {
        // an all-reduce of one element: a barrier that also detects dead peers the same way
        allReduce(1.0, ReduceOp.SUM);
    }

    /** The reduction of one number over all ranks, e.g. a metric ({@code all_reduce} of a scalar). */
    public double allReduce(double value, ReduceOp op) {
        Tensor t = onDevice(Torch.full(new long[] {1}, value, DType.FLOAT64));
        allReduce(t, op);
        return t.item();
    }

    /** Every rank's {@code value}, indexed by rank ({@code dist.all_gather} of scalars). */
    public double[] allGather(double value) {
        Tensor t = onDevice(Torch.zeros(DType.FLOAT64, env.worldSize()));
        NoGrad.run(() -> t.select(0, env.rank()).fill_(value));
        // a sum where every other rank adds 0.0 is exact, so this is an all-gather
        allReduce(t, ReduceOp.SUM);
        return t.toDoubleArray();
    }

    private Tensor onDevice(Tensor cpu) {
        return device.isCuda() ? cpu.to(device) : cpu;
    }

    /** Starts an in-place all-reduce; the returned handle's {@code await} finishes it (AVG divides there). */
    Pending startAllReduce(Tensor t, ReduceOp op) {
        Objects.requireNonNull(op, "op");
        checkTensor("allReduce", t);
        AllreduceOptions o = new AllreduceOptions();
        o.reduceOp(new org.bytedeco.pytorch.ReduceOp(nativeOp(op)));
        o.timeout(new Milliseconds(timeoutMs));
        TensorVector v = new TensorVector(NativeInterop.handle(t));
        return new Pending(this, "allReduce", () -> backend.allreduce(v, o), v, t,
                op == ReduceOp.AVG ? env.worldSize() : null);
    }

    private static org.bytedeco.pytorch.ReduceOp.RedOpType nativeOp(ReduceOp op) {
        switch (op) {
            case SUM:
            case AVG:
                return org.bytedeco.pytorch.ReduceOp.RedOpType.SUM;
            case PRODUCT:
                return org.bytedeco.pytorch.ReduceOp.RedOpType.PRODUCT;
            case MIN:
                return org.bytedeco.pytorch.ReduceOp.RedOpType.MIN;
            case MAX:
                return org.bytedeco.pytorch.ReduceOp.RedOpType.MAX;
            default:
                throw new IllegalArgumentException("op: unsupported " + op);
        }
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= env.worldSize()) {
            throw new IllegalArgumentException(what + ": expected a rank in [0, " + (env.worldSize() - 1) + "], got " + r);
        }
    }

    private void checkTensor(String op, Tensor t) {
        Objects.requireNonNull(t, op + ": tensor");
        if (!t.device().equals(device)) {
            throw new IllegalArgumentException(op + ": expected a tensor on " + device + " (this group's device), got "
                    + t.describe() + " on " + t.device());
        }
        if (!NativeInterop.handle(t).is_contiguous()) {
            throw new IllegalArgumentException(op + ": expected a contiguous tensor, got a strided view " + t.describe()
                    + "; reduce t.contiguous() and copy it back");
        }
        checkUsable();
    }

    void checkUsable() {
        if (closed) {
            throw new IllegalStateException("ProcessGroup: used after close()");
        }
        if (broken != null) {
            throw new DistributedException(broken.getMessage(), broken.lostRank().orElse(-1), broken);
        }
    }

    /** Turns a failed collective into an exception naming the lost rank, and marks the group broken. */
    DistributedException failure(String op, RuntimeException cause) {
        if (broken != null) {
            return broken;
        }
        int lost = heartbeat.findLostRank(heartbeat.seq);
        String who = lost >= 0 ? "lost rank " + lost + " (" + heartbeat.reason + ")"
                : "no rank looks lost, yet a peer did not complete this collective within " + timeoutMs / 1000.0 + " s";
        DistributedException e = new DistributedException("rank " + env.rank() + ": " + op + " failed: " + who
                + "; Gloo said: " + C10dPointers.firstLine(cause), lost, cause);
        broken = e;
        return e;
    }

    /**
     * Stops the heartbeat and frees the native group and its stores (on rank 0 this stops the TCP
     * store server); idempotent. A group that is never closed is freed by the garbage collector.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            heartbeat.close();
            backend.close();
            rendezvous.close();
        }
    }

    /** The rendezvous stores, for tests of their native lifetime. */
    Rendezvous rendezvous() {
        return rendezvous;
    }

    @Override
    public String toString() {
        return "ProcessGroup(" + (device.isCuda() ? "nccl" : "gloo") + ", rank=" + env.rank() + ", world_size="
                + env.worldSize() + ")";
    }

    /** An in-flight collective; {@link #await} waits (bounded by the timeout) and translates failures. */
    static final class Pending {
        private final ProcessGroup pg;
        private final String op;
        private final Work work;
        private final List<Object> keepAlive = new ArrayList<>();
        private final Tensor divideTarget;
        private final Integer divisor;

        Pending(ProcessGroup pg, String op, java.util.function.Supplier<Work> start, TensorVector v,
                Tensor divideTarget, Integer divisor) {
            this.pg = pg;
            this.op = op;
            this.divideTarget = divideTarget;
            this.divisor = divisor;
            keepAlive.add(v);
            pg.heartbeat.seq++;
            try {
                this.work = start.get();
            } catch (RuntimeException e) {
                throw pg.failure(op, e);
            }
        }

        void await() {
            try {
                work._wait(new Milliseconds(pg.timeoutMs));
            } catch (RuntimeException e) {
                throw pg.failure(op, e);
            }
            if (divisor != null && divisor > 1) {
                NoGrad.run(() -> divideTarget.div_(divisor));
            }
            keepAlive.clear();
        }
    }
}
