package dev.trainkit.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.FileStore;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The c10d store an {@link DistributedEnv} describes (TCP store hosted by rank 0, or a file store),
 * in the two forms native code needs.
 *
 * <p>{@code new FileStore(...)} and {@code new TCPStore(...)} allocate a plain C++ object that the
 * Java handle deletes. libtorch's backends and clients take stores as {@code c10::intrusive_ptr}:
 * handed such a plain object they adopt it as if it were theirs, so the object had two owners, and
 * whichever freed it second (the garbage collector picks the order) freed it twice or wrote into
 * freed memory. So the plain object ({@link #root}, which hosts the TCP server on rank 0) never
 * leaves this class; native owners get {@link #store}, a {@code clone()} that libtorch allocated as
 * reference-counted, and every later clone comes from it.
 */
final class Rendezvous implements AutoCloseable {
    private final Store root;
    private final Store store;

    private Rendezvous(Store root, Store store) {
        this.root = root;
        this.store = store;
    }

    /** The reference-counted store to hand to native code (backends, clones). */
    Store store() {
        return store;
    }

    /** Frees the clone, then the plain store (on rank 0 this stops the TCP server); idempotent. */
    @Override
    public void close() {
        store.close();
        root.close();
    }

    /** Frees only the plain store: lets a test free it while native owners of the clone still live. */
    void closeRoot() {
        root.close();
    }

    static Rendezvous open(DistributedEnv env) {
        long ms = env.timeout().toMillis();
        try {
            Store plain;
            if (env.storePath() != null) {
                Path p = env.storePath().toAbsolutePath();
                Path dir = p.getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                plain = new FileStore(p.toString(), env.worldSize());
            } else {
                TCPStoreOptions o = C10dPointers.escape(new TCPStoreOptions());
                o.port((short) env.masterPort());
                o.isServer(env.rank() == 0);
                o.numWorkers(new SizeTPointer(1).put(env.worldSize()));
                o.waitWorkers(false);
                o.timeout(new Milliseconds(ms));
                o.useLibUV(false);
                plain = new TCPStore(env.masterAddr(), o);
            }
            C10dPointers.escape(plain);
            plain.setTimeout(C10dPointers.escape(new Milliseconds(ms)));
            Store shared = C10dPointers.escape(plain.clone());
            shared.setTimeout(C10dPointers.escape(new Milliseconds(ms)));
            return new Rendezvous(plain, shared);
        } catch (IOException e) {
            throw new DistributedException("rendezvous: cannot create the directory of TRAINKIT_STORE_PATH "
                    + env.storePath() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String where = env.storePath() != null ? "file store " + env.storePath()
                    : "TCP store " + env.masterAddr() + ":" + env.masterPort()
                    + (env.rank() == 0 ? " (hosting it as rank 0)" : " (hosted by rank 0)");
            throw new DistributedException("rendezvous: rank " + env.rank() + " could not open the " + where
                    + " within " + ms / 1000.0 + " s: " + C10dPointers.firstLine(e), env.rank() == 0 ? -1 : 0, e);
        }
    }
}
