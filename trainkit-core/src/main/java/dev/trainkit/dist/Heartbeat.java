package dev.trainkit.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;

/**
 * Each rank publishes "BEATS:SEQ" in the store every {@link #INTERVAL_MS}: a counter that proves
 * it is alive and the number of collectives it has started. After a failed collective, a rank
 * whose counter stopped moving is dead or frozen, and a live rank whose SEQ is behind ours
 * never reached the collective (stuck in its own code). Counters, not clocks, are compared, so
 * machines need no synchronized time.
 */
final class Heartbeat implements AutoCloseable {
    static final long INTERVAL_MS = 500;
    private static final String PREFIX = "trainkit/heartbeat/";

    private final Store store;
    private final Store probe;
    private final int rank;
    private final int worldSize;
    private final String storeHost;
    private final Thread thread;
    private volatile boolean running = true;
    private long beats;
    /** Collectives this rank has started; ProcessGroup bumps it. */
    volatile long seq;
    /** Why the last {@link #findLostRank} chose its rank, for the message. */
    volatile String reason = "";

    /** {@code storeHost}: "host:port" of the TCP store rank 0 hosts, or null for a file store. */
    Heartbeat(Store groupStore, int rank, int worldSize, String storeHost) {
        this.store = C10dPointers.escape(groupStore.clone());
        this.store.setTimeout(C10dPointers.escape(new Milliseconds(2 * INTERVAL_MS)));
        // a second client for diagnosis: opened now, because connecting later to a dead host would
        // wait for the whole store timeout
        this.probe = C10dPointers.escape(groupStore.clone());
        this.probe.setTimeout(C10dPointers.escape(new Milliseconds(2 * INTERVAL_MS)));
        this.rank = rank;
        this.worldSize = worldSize;
        this.storeHost = storeHost;
        publish();
        this.thread = new Thread(this::beat, "trainkit-heartbeat-" + rank);
        thread.setDaemon(true);
        thread.start();
    }

    private void publish() {
        beats++;
        store.set(PREFIX + rank, beats + ":" + seq);
    }

    private void beat() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MS);
                publish();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is gone (its host died): stop, libtorch would log every failed attempt;
                // findLostRank reports it when a collective fails
                return;
            }
        }
    }

    /**
     * The rank that stopped beating, else a live rank that never reached collective number
     * {@code failedSeq}, else -1. Takes about three heartbeat intervals. A store that no longer
     * answers while rank 0 hosts it means rank 0 is lost.
     */
    int findLostRank(long failedSeq) {
        try {
            long[][] before = read();
            Thread.sleep(3 * INTERVAL_MS);
            long[][] after = read();
            for (int r = 0; r < worldSize; r++) {
                if (r != rank && after[r][0] == before[r][0]) {
                    reason = "its heartbeat stopped";
                    return r;
                }
            }
            for (int r = 0; r < worldSize; r++) {
                if (r != rank && after[r][1] < failedSeq) {
                    reason = "alive, but it never reached this collective (#" + failedSeq + "; it is at #"
                            + after[r][1] + "): stuck or slow in its own code";
                    return r;
                }
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            if (storeHost != null && rank != 0) {
                reason = "the store it hosts at " + storeHost + " no longer answers";
                return 0;
            }
            return -1;
        }
    }

    private long[][] read() {
        long[][] v = new long[worldSize][2];
        for (int r = 0; r < worldSize; r++) {
            if (probe.check(new StringVector(PREFIX + r))) {
                String[] parts = probe.get_to_str(PREFIX + r).split(":");
                v[r][0] = Long.parseLong(parts[0]);
                v[r][1] = Long.parseLong(parts[1]);
            }
        }
        return v;
    }

    /**
     * Stops the beat and frees the two store clients once the beating thread has ended (a store
     * call is bounded by twice the interval); if it has not ended by then, the collector frees them.
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(4 * INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!thread.isAlive()) {
            store.close();
            probe.close();
        }
    }
}
