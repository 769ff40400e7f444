package dev.trainkit.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;

/**
 * Each rank bumps a counter in the store every {@link #INTERVAL_MS}; after a failed collective
 * the ranks whose counters stopped moving are the lost ones. Counters (not clocks) are compared,
 * so machines need no synchronized time.
 */
final class Heartbeat implements AutoCloseable {
    static final long INTERVAL_MS = 500;
    private static final String PREFIX = "trainkit/heartbeat/";

    private final Store store;
    private final Store probe;
    private final int rank;
    private final int worldSize;
    private final boolean storeHostedByRank0;
    private final Thread thread;
    private volatile boolean running = true;
    /** Whether the last {@link #findLostRank} found the store itself unreachable. */
    volatile boolean storeUnreachable;

    Heartbeat(Store groupStore, int rank, int worldSize, boolean storeHostedByRank0) {
        this.store = Natives.escape(groupStore.clone());
        this.store.setTimeout(Natives.escape(new Milliseconds(2 * INTERVAL_MS)));
        // a second client for diagnosis: opened now, because connecting later to a dead host would
        // wait for the whole store timeout
        this.probe = Natives.escape(groupStore.clone());
        this.probe.setTimeout(Natives.escape(new Milliseconds(2 * INTERVAL_MS)));
        this.rank = rank;
        this.worldSize = worldSize;
        this.storeHostedByRank0 = storeHostedByRank0;
        store.add(PREFIX + rank, 1);
        this.thread = new Thread(this::beat, "trainkit-heartbeat-" + rank);
        thread.setDaemon(true);
        thread.start();
    }

    private void beat() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MS);
                store.add(PREFIX + rank, 1);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store host may be gone; diagnose() reports that when a collective fails
            }
        }
    }

    /**
     * The rank that stopped beating, or -1. Takes about three heartbeat intervals. A store that no
     * longer answers while rank 0 hosts it means rank 0 is lost.
     */
    int findLostRank() {
        try {
            long[] before = read();
            Thread.sleep(3 * INTERVAL_MS);
            long[] after = read();
            for (int r = 0; r < worldSize; r++) {
                if (r != rank && after[r] == before[r]) {
                    return r;
                }
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            storeUnreachable = true;
            return storeHostedByRank0 && rank != 0 ? 0 : -1;
        }
    }

    private long[] read() {
        long[] v = new long[worldSize];
        for (int r = 0; r < worldSize; r++) {
            if (probe.check(new StringVector(PREFIX + r))) {
                v[r] = probe.add(PREFIX + r, 0);
            }
        }
        return v;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
