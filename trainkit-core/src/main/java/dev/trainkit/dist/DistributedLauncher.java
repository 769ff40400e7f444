package dev.trainkit.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts N worker JVMs on this machine, like {@code torchrun --nproc_per_node N}: each runs
 * {@code mainClass} on the same classpath with {@code RANK}, {@code LOCAL_RANK},
 * {@code WORLD_SIZE}, {@code MASTER_ADDR}, {@code MASTER_PORT} and {@code TRAINKIT_DIST_TIMEOUT}
 * set, and every output line is prefixed with its rank ({@code [rank 1] ...}).
 *
 * <pre>{@code
 * int code = DistributedLauncher.launch(2, "com.example.Train", "--epochs", "3");
 * System.exit(code);
 * // torchrun --standalone --nproc_per_node 2 train.py --epochs 3
 * }</pre>
 *
 * <p>From a shell: {@code trainkit launch --nproc 2 --classpath CP com.example.Train --epochs 3}.
 * Several machines: run it on each with {@code --nnodes M --node-rank K --master-addr HOST0
 * --master-port P} (see {@link #nodes}).
 *
 * <p>Failure: when a worker exits non-zero, the launcher reports it and gives the others the
 * collective timeout to fail on their own (their next collective names the lost rank), then
 * kills those still running. The launcher returns 0 only if every worker exited 0, otherwise the
 * first failing worker's exit code. Unless set, {@code OMP_NUM_THREADS} is the number of cores
 * divided by N (torchrun sets 1), so the workers do not oversubscribe the cores.
 */
public final class DistributedLauncher {
    private final int nproc;
    private int nnodes = 1;
    private int nodeRank;
    private String masterAddr = "127.0.0.1";
    private int masterPort;
    private Duration timeout = DistributedEnv.DEFAULT_TIMEOUT;
    private List<String> jvmOptions = inheritedJvmOptions(
            ManagementFactory.getRuntimeMXBean().getInputArguments());
    private String classpath = System.getProperty("java.class.path");
    private PrintStream out = System.out;
    private final Map<String, String> env = new LinkedHashMap<>();

    /** A launcher of {@code nproc} local workers (at least 1). */
    public DistributedLauncher(int nproc) {
        if (nproc < 1) {
            throw new IllegalArgumentException("nproc: expected at least 1 worker process, got " + nproc);
        }
        this.nproc = nproc;
    }

    /** Launches {@code nproc} workers of {@code mainClass} with default settings and waits for them. */
    public static int launch(int nproc, String mainClass, String... args) {
        return new DistributedLauncher(nproc).run(mainClass, Arrays.asList(args));
    }

    /**
     * Makes this launcher one node of a multi-machine job ({@code torchrun --nnodes --node_rank
     * --master_addr}): its workers get global ranks {@code nodeRank * nproc + localRank} of
     * {@code nnodes * nproc}, and rank 0 (on node 0, at {@code masterAddr}) hosts the store. Every
     * node needs the same {@link #masterPort}.
     */
    public DistributedLauncher nodes(int nnodes, int nodeRank, String masterAddr) {
        if (nnodes < 1) {
            throw new IllegalArgumentException("nnodes: expected at least 1 node, got " + nnodes);
        }
        if (nodeRank < 0 || nodeRank >= nnodes) {
            throw new IllegalArgumentException("nodeRank: expected a node rank in [0, " + (nnodes - 1) + "], got " + nodeRank);
        }
        if (masterAddr == null || masterAddr.isBlank()) {
            throw new IllegalArgumentException("masterAddr: expected the host of node 0, got '" + masterAddr + "'");
        }
        this.nnodes = nnodes;
        this.nodeRank = nodeRank;
        this.masterAddr = masterAddr;
        return this;
    }

    /** The TCP store port of rank 0; 0 (default) picks a free one (single-node jobs only). */
    public DistributedLauncher masterPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("masterPort: expected a port in [0, 65535], got " + port);
        }
        this.masterPort = port;
        return this;
    }

    /** The bound on rendezvous and collectives passed to the workers ({@code TRAINKIT_DIST_TIMEOUT}). */
    public DistributedLauncher timeout(Duration t) {
        if (t == null || t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout: expected a positive duration, got " + t);
        }
        this.timeout = t;
        return this;
    }

    /**
     * JVM options of every worker, e.g. {@code -Xmx2g}. By default the workers get this JVM's
     * heap, garbage-collector and {@code -D} options ({@link #inheritedJvmOptions}), as torchrun's
     * workers run the same interpreter settings as their launcher.
     */
    public DistributedLauncher jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * Of a JVM's command-line options, those a worker should share: {@code -XX:} options,
     * {@code -Xms}/{@code -Xmx}/{@code -Xmn}/{@code -Xss} and {@code -D} properties. Agents and
     * debugger options ({@code -agentlib:}, {@code -javaagent:}, {@code -Xrunjdwp}, ...) stay
     * behind: N workers cannot all listen on the launcher's debug port.
     */
    static List<String> inheritedJvmOptions(List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            if (o.startsWith("-XX:") || o.startsWith("-Xms") || o.startsWith("-Xmx") || o.startsWith("-Xmn")
                    || o.startsWith("-Xss") || o.startsWith("-D")) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /** The workers' classpath (default: this JVM's {@code java.class.path}). */
    public DistributedLauncher classpath(String cp) {
        this.classpath = Objects.requireNonNull(cp, "classpath");
        return this;
    }

    /** Where the rank-prefixed output and the launcher's messages go (default {@code System.out}). */
    public DistributedLauncher output(PrintStream stream) {
        this.out = Objects.requireNonNull(stream, "output");
        return this;
    }

    /** An extra environment variable for every worker. */
    public DistributedLauncher env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Starts the workers and waits for all of them; returns the job's exit code (0 = all succeeded). */
    public int run(String mainClass, List<String> args) {
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("mainClass: expected a class name with a main method, got '" + mainClass + "'");
        }
        if (nnodes > 1 && masterPort == 0) {
            throw new IllegalArgumentException("masterPort: a multi-node job needs an explicit port that every node"
                    + " agrees on (torchrun's --master_port), got 0");
        }
        int port = masterPort != 0 ? masterPort : freePort();
        List<Process> procs = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread hook = new Thread(() -> procs.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int local = 0; local < nproc; local++) {
                int r = nodeRank * nproc + local;
                Process p = start(r, local, port, mainClass, args);
                procs.add(p);
                pumps.add(pump(r, p));
            }
            int code = monitor(procs);
            for (Thread t : pumps) {
                t.join(5000);
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            procs.forEach(Process::destroyForcibly);
            return 130;
        } finally {
            procs.forEach(p -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            });
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs anyway
            }
        }
    }

    private Process start(int rank, int localRank, int port, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.put("RANK", Integer.toString(rank));
        e.put("LOCAL_RANK", Integer.toString(localRank));
        e.put("WORLD_SIZE", Integer.toString(nnodes * nproc));
        e.put("LOCAL_WORLD_SIZE", Integer.toString(nproc));
        e.put("GROUP_RANK", Integer.toString(nodeRank));
        e.put("MASTER_ADDR", masterAddr);
        e.put("MASTER_PORT", Integer.toString(port));
        e.put("TRAINKIT_DIST_TIMEOUT", Double.toString(timeout.toMillis() / 1000.0));
        e.remove("TRAINKIT_STORE_PATH");
        if (!e.containsKey("OMP_NUM_THREADS")) {
            e.put("OMP_NUM_THREADS", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / nproc)));
        }
        e.putAll(env);
        try {
            return pb.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("launcher: cannot start worker rank " + rank + ": " + cmd, ex);
        }
    }

    private Thread pump(int rank, Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    say("[rank " + rank + "] " + line);
                }
            } catch (IOException e) {
                // the worker is gone; its exit code tells the story
            }
        }, "trainkit-launcher-out-" + rank);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Waits for every worker; after the first failure, kills those still alive once the grace period ends. */
    private int monitor(List<Process> procs) throws InterruptedException {
        int base = nodeRank * nproc;
        Integer[] codes = new Integer[procs.size()];
        int firstFailed = -1;
        long failedAt = 0;
        long killAt = Long.MAX_VALUE;
        // the survivors' next collective fails at once when a peer's sockets close, or after the
        // timeout when it hangs; heartbeat diagnosis adds a few seconds
        long graceMs = timeout.toMillis() + 10_000;
        while (true) {
            boolean allDone = true;
            for (int r = 0; r < procs.size(); r++) {
                Process p = procs.get(r);
                if (codes[r] != null) {
                    continue;
                }
                if (p.isAlive()) {
                    allDone = false;
                    continue;
                }
                codes[r] = p.exitValue();
                if (codes[r] != 0 && firstFailed < 0) {
                    firstFailed = r;
                    failedAt = System.currentTimeMillis();
                    killAt = System.currentTimeMillis() + graceMs;
                    say("[launcher] rank " + (base + r) + " (pid " + p.pid() + ") exited with code " + codes[r]
                            + "; the other ranks will stop within " + graceMs / 1000 + " s");
                }
            }
            if (allDone) {
                break;
            }
            if (System.currentTimeMillis() > killAt) {
                for (int r = 0; r < procs.size(); r++) {
                    if (procs.get(r).isAlive()) {
                        say("[launcher] rank " + (base + r) + " did not stop after losing rank " + (base + firstFailed)
                                + "; killing it");
                        procs.get(r).destroyForcibly();
                    }
                }
                killAt = Long.MAX_VALUE;
            }
            Thread.sleep(50);
        }
        if (firstFailed < 0) {
            return 0;
        }
        say("[launcher] failed: rank " + (base + firstFailed) + " exited with code " + codes[firstFailed]
                + "; exit codes of ranks " + base + ".." + (base + nproc - 1) + ": " + Arrays.toString(codes) + "; all ranks stopped "
                + (System.currentTimeMillis() - failedAt) / 1000.0 + " s after it");
        return codes[firstFailed];
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("launcher: cannot find a free port for MASTER_PORT", e);
        }
    }
}
