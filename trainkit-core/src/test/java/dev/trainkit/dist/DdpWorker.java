package dev.trainkit.dist;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker JVM for the multi-process tests, started by {@link DistributedLauncher}.
 *
 * <ul>
 *   <li>{@code equiv OUT_DIR STEPS B}: a small MLP, initialized differently per rank, wrapped in
 *   DDP (initial weights saved as {@code init-RANK.npy}), then STEPS SGD steps on rank RANK's
 *   B rows of each 2B-row batch (odd steps as two accumulated half batches under
 *   {@code noSync}); final weights saved as {@code final-RANK.npy}. Run twice, with the
 *   all-reduce overlapped ({@code *-overlap-*}) and after backward ({@code *-after-*}).</li>
 *   <li>{@code die DYING_RANK}: trains until step 3, where DYING_RANK halts its JVM abruptly.</li>
 *   <li>{@code stall RANK MS}: as {@code die}, but RANK sleeps MS ms instead: alive, heartbeat
 *   running, yet absent from the collective.</li>
 * </ul>
 */
public final class DdpWorker {
    static final int IN = 8;
    static final int OUT = 4;

    private DdpWorker() {
    }

    static Module model() {
        return new Sequential(new Linear(IN, 16), new ReLU(), new Linear(16, OUT));
    }

    /** The same inputs and targets on every rank and in the reference run. */
    static Tensor[] data(int rows) {
        Torch.manualSeed(7);
        return new Tensor[] {Torch.randn(rows, IN), Torch.randn(rows, OUT)};
    }

    static Tensor flat(Module m) {
        List<Tensor> parts = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            parts.add(p.detach().reshape(-1));
        }
        return Torch.cat(parts, 0);
    }

    static Tensor loss(Module m, Tensor x, Tensor y) {
        return new MSELoss().forward(m.forward(x), y);
    }

    public static void main(String[] args) {
        DistributedTraining.runWorker(pg -> {
            if (args[0].equals("equiv")) {
                // the same run twice: gradients all-reduced during backward, then after it
                equiv(pg, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), true);
                equiv(pg, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), false);
            } else {
                die(pg, Integer.parseInt(args[1]), args[0].equals("stall"), args.length > 2 ? Long.parseLong(args[2]) : 0);
            }
        });
    }

    private static void equiv(ProcessGroup pg, Path out, int steps, int b, boolean overlap) {
        String tag = overlap ? "overlap" : "after";
        int r = pg.rank();
        Torch.manualSeed(100 + r);
        Module model = model();
        // tiny buckets (first one included), so that the gradients travel in two buckets once rebuilt:
        // [fc2.bias, fc2.weight] (272 bytes) and [fc1.bias, fc1.weight] (576 bytes)
        DistributedDataParallel ddp = new DistributedDataParallel(model, pg, 200.0 / (1 << 20), true, overlap, 200);
        save(out.resolve("init-" + tag + "-" + r + ".npy"), flat(model));
        Tensor[] xy = data(steps * 2 * b);
        SGD opt = new SGD(ddp.parameters(), 0.05, 0.9);
        for (int s = 0; s < steps; s++) {
            try (TensorScope scope = TensorScope.open()) {
                long start = (long) s * 2 * b + (long) r * b;
                Tensor x = xy[0].narrow(0, start, b);
                Tensor y = xy[1].narrow(0, start, b);
                opt.zeroGrad();
                if (s % 2 == 1) {
                    int h = b / 2;
                    ddp.noSync(() -> ddp.backward(loss(ddp, x.narrow(0, 0, h), y.narrow(0, 0, h)).mul(0.5)));
                    ddp.backward(loss(ddp, x.narrow(0, h, h), y.narrow(0, h, h)).mul(0.5));
                } else {
                    ddp.backward(loss(ddp, x, y));
                }
                opt.step();
            }
        }
        double mean = DistributedTraining.mean(pg, NoGrad.run(() -> loss(model, xy[0], xy[1]).item()));
        DistributedTraining.printMain(pg, tag + ": final loss (mean over ranks) " + mean + ", buckets " + ddp.numBuckets()
                + ", started during backward " + ddp.bucketsStartedDuringBackward());
        save(out.resolve("final-" + tag + "-" + r + ".npy"), flat(model));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void die(ProcessGroup pg, int dyingRank, boolean stall, long stallMs) {
        Torch.manualSeed(1);
        Module model = model();
        DistributedDataParallel ddp = new DistributedDataParallel(model, pg);
        Tensor[] xy = data(16);
        SGD opt = new SGD(ddp.parameters(), 0.01);
        for (int s = 0; s < 10_000; s++) {
            if (s == 3 && pg.rank() == dyingRank) {
                if (stall) {
                    // alive (heartbeat running) but not reaching the next collective
                    System.out.println("stalling at step 3");
                    System.out.flush();
                    sleep(stallMs);
                } else {
                    System.out.println("halting at step 3");
                    System.out.flush();
                    Runtime.getRuntime().halt(7);
                }
            }
            try (TensorScope scope = TensorScope.open()) {
                opt.zeroGrad();
                ddp.backward(loss(ddp, xy[0], xy[1]));
                opt.step();
            }
        }
        System.out.println("finished 10000 steps without noticing the lost rank");
    }

    private static void save(Path p, Tensor t) {
        try {
            Npy.save(p, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
