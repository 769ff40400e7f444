package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native lifetime of the rendezvous stores. A backend once adopted the Java-allocated store as
 * its own, so freeing the two in the wrong order (the collector's choice) corrupted the C heap and
 * aborted a later, unrelated test. These tests free them in that order on purpose, then stir the
 * heap so that glibc's consistency checks run over the freed chunks.
 */
class RendezvousTest {
    @TempDir
    Path dir;

    /** Allocates and frees many small native blocks; glibc aborts the JVM here if a chunk was corrupted. */
    private static void stirNativeHeap() {
        Random r = new Random(1);
        Pointer[] blocks = new Pointer[2048];
        for (int i = 0; i < 100_000; i++) {
            int k = r.nextInt(blocks.length);
            if (blocks[k] != null) {
                Pointer.free(blocks[k]);
            }
            blocks[k] = Pointer.malloc(16 + r.nextInt(2000));
        }
        for (Pointer p : blocks) {
            if (p != null) {
                Pointer.free(p);
            }
        }
    }

    private ProcessGroup worldOfOne(int i) {
        return ProcessGroup.init(DistributedEnv.ofFileStore(0, 1, dir.resolve("store-" + i)));
    }

    @Test
    void theGroupOutlivesThePlainStoreItWasOpenedFrom() {
        for (int i = 0; i < 16; i++) {
            ProcessGroup pg = worldOfOne(i);
            Tensor t = Torch.tensor(new float[] {1, 2}, 2);
            pg.allReduce(t, ReduceOp.SUM);
            assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
            // back to back, so that a second free of one block meets glibc's double-free check
            pg.rendezvous().closeRoot();
            pg.close();
            stirNativeHeap();
        }
    }

    @Test
    void closeFreesTheGroupOnceAndLaterCallsFailClearly() {
        ProcessGroup pg = worldOfOne(10);
        pg.close();
        pg.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pg.allReduce(1.0, ReduceOp.SUM));
        assertTrue(e.getMessage().contains("after close"), e.getMessage());
        stirNativeHeap();
    }

    @Test
    void groupsDroppedWithoutCloseAreCollectedSafely() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertEquals(3.0, worldOfOne(20 + i).allReduce(3.0, ReduceOp.SUM));
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // JavaCPP's deallocator thread frees what the collection found
        }
        stirNativeHeap();
    }
}
