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

/** Opens the c10d store an {@link DistributedEnv} describes (TCP store hosted by rank 0, or a file store). */
final class Rendezvous {
    private Rendezvous() {
    }

    static Store open(DistributedEnv env) {
        long ms = env.timeout().toMillis();
        try {
            Store store;
            if (env.storePath() != null) {
                Path p = env.storePath().toAbsolutePath();
                Path dir = p.getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                store = new FileStore(p.toString(), env.worldSize());
            } else {
                TCPStoreOptions o = C10dPointers.escape(new TCPStoreOptions());
                o.port((short) env.masterPort());
                o.isServer(env.rank() == 0);
                o.numWorkers(new SizeTPointer(1).put(env.worldSize()));
                o.waitWorkers(false);
                o.timeout(new Milliseconds(ms));
                o.useLibUV(false);
                store = new TCPStore(env.masterAddr(), o);
            }
            C10dPointers.escape(store);
            store.setTimeout(C10dPointers.escape(new Milliseconds(ms)));
            return store;
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
