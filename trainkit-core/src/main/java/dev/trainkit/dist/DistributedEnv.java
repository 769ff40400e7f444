package dev.trainkit.dist;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where this process sits in a distributed job, read from the variables {@code torchrun} sets:
 * {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_RANK}, {@code MASTER_ADDR}, {@code MASTER_PORT}.
 *
 * <pre>{@code
 * DistributedEnv env = DistributedEnv.fromEnv();          // RANK=1 WORLD_SIZE=2 MASTER_ADDR=... set
 * try (ProcessGroup pg = ProcessGroup.init(env)) { ... }
 * // torch.distributed.init_process_group("gloo", init_method="env://",
 * //                                      timeout=timedelta(seconds=60))
 * }</pre>
 *
 * <p>Rendezvous goes through a c10d {@code TCPStore} that rank 0 hosts on
 * {@code MASTER_ADDR:MASTER_PORT}. When {@code TRAINKIT_STORE_PATH} is set, a c10d
 * {@code FileStore} on that (shared) path is used instead and the master address is optional
 * ({@code init_method="file://..."}). {@code TRAINKIT_DIST_TIMEOUT} (seconds, default 60) bounds
 * rendezvous and every collective: a dead or stuck peer gives an exception within it.
 * {@code LOCAL_RANK} defaults to {@code RANK}.
 */
public final class DistributedEnv {
    /** The default bound on rendezvous and collectives. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final int rank;
    private final int worldSize;
    private final int localRank;
    private final String masterAddr;
    private final int masterPort;
    private final Path storePath;
    private final Duration timeout;

    private DistributedEnv(int rank, int worldSize, int localRank, String masterAddr, int masterPort,
                           Path storePath, Duration timeout) {
        if (worldSize < 1) {
            throw new IllegalArgumentException("WORLD_SIZE: expected a world size >= 1, got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("RANK: expected a rank in [0, " + (worldSize - 1) + "] for WORLD_SIZE="
                    + worldSize + ", got " + rank);
        }
        if (localRank < 0) {
            throw new IllegalArgumentException("LOCAL_RANK: expected a rank >= 0, got " + localRank);
        }
        if (storePath == null) {
            if (masterAddr == null || masterAddr.isBlank()) {
                throw new IllegalArgumentException("MASTER_ADDR: expected the host of rank 0 (or set TRAINKIT_STORE_PATH)");
            }
            if (masterPort < 1 || masterPort > 65535) {
                throw new IllegalArgumentException("MASTER_PORT: expected a port in [1, 65535], got " + masterPort);
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: expected a positive duration, got " + timeout);
        }
        this.rank = rank;
        this.worldSize = worldSize;
        this.localRank = localRank;
        this.masterAddr = masterAddr;
        this.masterPort = masterPort;
        this.storePath = storePath;
        this.timeout = timeout;
    }

    /** A TCP-store rendezvous at {@code masterAddr:masterPort} with the default timeout. */
    public static DistributedEnv of(int rank, int worldSize, String masterAddr, int masterPort) {
        return new DistributedEnv(rank, worldSize, rank, masterAddr, masterPort, null, DEFAULT_TIMEOUT);
    }

    /** A file-store rendezvous on {@code storePath} (a path every rank sees) with the default timeout. */
    public static DistributedEnv ofFileStore(int rank, int worldSize, Path storePath) {
        return new DistributedEnv(rank, worldSize, rank, null, 0, Objects.requireNonNull(storePath, "storePath"),
                DEFAULT_TIMEOUT);
    }

    /** Reads the process environment ({@link System#getenv()}). */
    public static DistributedEnv fromEnv() {
        return from(System.getenv());
    }

    /** Reads the torchrun variables from {@code env}; a missing or malformed one is named in the error. */
    public static DistributedEnv from(Map<String, String> env) {
        int world = intVar(env, "WORLD_SIZE", null);
        int rank = intVar(env, "RANK", null);
        int local = intVar(env, "LOCAL_RANK", rank);
        String store = env.get("TRAINKIT_STORE_PATH");
        Path storePath = store == null || store.isBlank() ? null : Path.of(store);
        String addr = env.get("MASTER_ADDR");
        int port = 0;
        if (storePath == null) {
            if (addr == null || addr.isBlank()) {
                throw new IllegalArgumentException("MASTER_ADDR: environment variable is not set"
                        + " (expected the host of rank 0, or set TRAINKIT_STORE_PATH for a file store)");
            }
            port = intVar(env, "MASTER_PORT", null);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String t = env.get("TRAINKIT_DIST_TIMEOUT");
        if (t != null && !t.isBlank()) {
            try {
                timeout = Duration.ofMillis(Math.round(Double.parseDouble(t.trim()) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TRAINKIT_DIST_TIMEOUT: expected seconds, got '" + t + "'");
            }
        }
        return new DistributedEnv(rank, world, local, addr, port, storePath, timeout);
    }

    /** Whether the torchrun variables are present, i.e. this process was started as a worker. */
    public static boolean isSet(Map<String, String> env) {
        return env.containsKey("RANK") && env.containsKey("WORLD_SIZE");
    }

    private static int intVar(Map<String, String> env, String name, Integer dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (dflt != null) {
                return dflt;
            }
            throw new IllegalArgumentException(name + ": environment variable is not set (expected an integer;"
                    + " launch with DistributedLauncher or torchrun-style RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT)");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, got '" + v + "'");
        }
    }

    /** A copy with another timeout for rendezvous and collectives. */
    public DistributedEnv withTimeout(Duration t) {
        return new DistributedEnv(rank, worldSize, localRank, masterAddr, masterPort, storePath, t);
    }

    /** This process's rank in [0, worldSize). */
    public int rank() {
        return rank;
    }

    /** The number of processes. */
    public int worldSize() {
        return worldSize;
    }

    /** The rank on this machine (e.g. to pick {@code cuda:LOCAL_RANK}). */
    public int localRank() {
        return localRank;
    }

    /** The host of rank 0's TCP store, or {@code null} with a file store. */
    public String masterAddr() {
        return masterAddr;
    }

    /** The port of rank 0's TCP store, or 0 with a file store. */
    public int masterPort() {
        return masterPort;
    }

    /** The file store path, or {@code null} for a TCP store. */
    public Path storePath() {
        return storePath;
    }

    /** The bound on rendezvous and every collective. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        String where = storePath != null ? "file://" + storePath : "tcp://" + masterAddr + ":" + masterPort;
        return "DistributedEnv(rank=" + rank + ", world_size=" + worldSize + ", local_rank=" + localRank
                + ", store=" + where + ", timeout=" + timeout.toMillis() / 1000.0 + "s)";
    }
}
