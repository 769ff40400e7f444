package dev.trainkit.cli;

import dev.trainkit.train.Callback;
import dev.trainkit.train.TrainContext;
import dev.trainkit.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ends {@code trainkit train} cleanly on SIGINT or SIGTERM: the step in progress finishes, the
 * trainer writes {@code checkpoints/last.ckpt}, the run report and (through the command)
 * {@code model.pth} marked interrupted, and the command exits with 128 + the signal number
 * (130, 143). A second signal exits at once, after deleting the run's temporary files.
 *
 * <p>The JVM's default handlers run the shutdown hooks and exit mid-step; this replaces them for
 * the duration of a fit ({@link #install}) and puts them back on {@link #close}. It is a
 * {@link Callback} only to learn the running trainer, whose {@link Trainer#requestStop} makes the
 * stop happen at a step boundary, with {@code last.ckpt} written there.
 *
 * <pre>{@code
 * try (SignalStop stop = SignalStop.install(runDir, err)) {
 *     FitResult r = Trainer.builder().callback(stop)...build().fit(model, train, val);
 *     if (stop.signal() != null) { ... exit 128 + stop.exitCode() }
 * }
 * }</pre>
 */
final class SignalStop implements Callback, AutoCloseable {
    private final Path runDir;
    private final PrintWriter err;
    private final Map<String, SignalHandler> previous = new java.util.LinkedHashMap<>();
    private volatile Signal received;
    private volatile Trainer trainer;

    private SignalStop(Path runDir, PrintWriter err) {
        this.runDir = runDir;
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM until {@link #close}. */
    static SignalStop install(Path runDir, PrintWriter err) {
        SignalStop s = new SignalStop(runDir, err);
        for (String name : List.of("INT", "TERM")) {
            try {
                s.previous.put(name, Signal.handle(new Signal(name), s::handle));
            } catch (IllegalArgumentException unavailable) {
                // a JVM started with -Xrs, or a platform without this signal: keep the default
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        if (received != null) {
            err.println("trainkit: second " + sig + ": exiting now");
            err.flush();
            deleteTempFiles(runDir);
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        received = sig;
        Trainer t = trainer;
        if (t != null) {
            // the trainer finishes the step, then writes last.ckpt (ModelCheckpoint) and the report
            t.requestStop("interrupted by " + signal());
        }
        err.println("trainkit: " + "SIG" + sig.getName() + " received: finishing the current step, then writing "
                + "checkpoints/last.ckpt, report.md and model.pth (send it again to exit at once)");
        err.flush();
    }

    /** The signal received, as {@code SIGINT}/{@code SIGTERM}, or null. */
    String signal() {
        Signal s = received;
        return s == null ? null : "SIG" + s.getName();
    }

    /** 128 + the signal's number (130 for SIGINT, 143 for SIGTERM); 0 when none came. */
    int exitCode() {
        Signal s = received;
        return s == null ? 0 : 128 + s.getNumber();
    }

    /** For tests: behaves as if {@code name} (INT or TERM) had been received. */
    void simulate(String name) {
        handle(new Signal(name));
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        trainer = ctx.trainer();
        if (received != null) {
            trainer.requestStop("interrupted by " + signal()); // the signal came before training started
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        trainer = null;
    }

    @Override
    public void close() {
        previous.forEach((name, h) -> Signal.handle(new Signal(name), h));
    }

    /** Deletes the atomic writers' leftovers ({@code .NAME.*.tmp}) in the run directory and its checkpoints. */
    static void deleteTempFiles(Path runDir) {
        if (runDir == null) {
            return;
        }
        List<Path> tmp = new ArrayList<>();
        for (Path d : List.of(runDir, runDir.resolve("checkpoints"))) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.getFileName().toString().startsWith(".")
                            && p.getFileName().toString().endsWith(".tmp")).forEach(tmp::add);
                } catch (IOException ignored) {
                    // best effort while exiting
                }
            }
        }
        for (Path p : tmp) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort while exiting
            }
        }
    }
}
