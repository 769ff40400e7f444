package dev.trainkit.dist;

import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry points a training program (or {@code trainkit train --nproc N}) needs to run data
 * parallel: launch the workers when it is the parent, join the process group when it is a
 * worker, log on rank 0 only, and turn a lost peer into a clear non-zero exit.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     OptionalInt launched = DistributedTraining.launchIfParent(2, Train.class.getName(), args);
 *     if (launched.isPresent()) System.exit(launched.getAsInt());   // parent: workers are done
 *     DistributedTraining.runWorker(pg -> {                         // worker: RANK etc. are set
 *         DistributedDataParallel ddp = new DistributedDataParallel(model, pg);
 *         DistributedTraining.info(pg, "epoch {} loss {}", epoch, pg.allReduce(loss, ReduceOp.AVG));
 *     });
 * }
 * // torchrun --nproc_per_node 2 train.py;  dist.init_process_group("gloo");
 * // if dist.get_rank() == 0: print(...)
 * }</pre>
 */
public final class DistributedTraining {
    private static final Logger LOG = LoggerFactory.getLogger("dev.trainkit.dist");

    private DistributedTraining() {
    }

    /** Whether this process was started as a worker ({@code RANK} and {@code WORLD_SIZE} are set). */
    public static boolean isWorker() {
        return DistributedEnv.isSet(System.getenv());
    }

    /**
     * In a parent process with {@code nproc > 1}, launches {@code nproc} workers of
     * {@code mainClass} with {@code args} and returns their exit code; in a worker, or with
     * {@code nproc == 1}, returns empty: the caller trains in this process.
     */
    public static OptionalInt launchIfParent(int nproc, String mainClass, String... args) {
        if (nproc < 1) {
            throw new IllegalArgumentException("nproc: expected at least 1 worker process, got " + nproc);
        }
        if (nproc == 1 || isWorker()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(DistributedLauncher.launch(nproc, mainClass, args));
    }

    /**
     * Joins the job described by the environment and runs {@code body} with its process group.
     * A {@link DistributedException} (a lost peer, a rendezvous timeout) is printed as one line
     * naming this rank and the lost one, and the JVM exits with status 1; other exceptions
     * propagate. The group is closed afterwards.
     */
    public static void runWorker(Consumer<ProcessGroup> body) {
        DistributedEnv env = DistributedEnv.fromEnv();
        try (ProcessGroup pg = ProcessGroup.init(env)) {
            body.accept(pg);
        } catch (DistributedException e) {
            System.err.println("rank " + env.rank() + " stopping: " + e.getMessage());
            System.err.flush();
            System.out.flush();
            // halt: a collective may still hold native threads that would keep the JVM alive
            Runtime.getRuntime().halt(1);
        }
    }

    /** Logs at INFO on rank 0 only (SLF4J format: {@code "loss {}"}); {@code pg == null} always logs. */
    public static void info(ProcessGroup pg, String format, Object... args) {
        if (pg == null || pg.isMain()) {
            LOG.info(format, args);
        }
    }

    /**
     * Runs {@code action} on rank 0 only (saving a checkpoint, writing a report), then waits at a
     * barrier so no rank goes on, or reads the file, before it exists. Every rank must call it.
     *
     * <pre>{@code
     * DistributedTraining.runOnMain(pg, () -> save(ddp.module().stateDict(), path));
     * // if dist.get_rank() == 0: torch.save(model.module.state_dict(), path)
     * // dist.barrier()
     * }</pre>
     */
    public static void runOnMain(ProcessGroup pg, Runnable action) {
        RuntimeException failure = null;
        if (pg.isMain()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        // rank 0 tells the others whether it succeeded, so they fail too instead of training on
        double failed = pg.allReduce(failure != null ? 1 : 0, ReduceOp.MAX);
        if (failure != null) {
            throw failure;
        }
        if (failed > 0) {
            throw new DistributedException("rank " + pg.rank() + ": the rank-0 action failed on rank 0", -1, null);
        }
    }

    /** Prints a line to stdout on rank 0 only. */
    public static void printMain(ProcessGroup pg, String line) {
        if (pg == null || pg.isMain()) {
            System.out.println(line);
        }
    }

    /** The mean of a metric over ranks (every rank must call it). */
    public static double mean(ProcessGroup pg, double value) {
        return pg.allReduce(value, ReduceOp.AVG);
    }
}
