package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Torch;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** DataLoader workers run libtorch with one intra-op thread each, as PyTorch's worker loop does. */
class WorkerThreadsTest {
    /** Records libtorch's intra-op thread count seen by get(). */
    static final class Probe implements Dataset<Sample> {
        final Set<Integer> seen = ConcurrentHashMap.newKeySet();

        @Override
        public int size() {
            return 8;
        }

        @Override
        public Sample get(int i) {
            seen.add(Torch.numThreads());
            return new Sample(new float[] {i}, new long[] {1}, i);
        }
    }

    @Test
    void workersUseOneThreadAndLeaveTheConsumersAlone() {
        int before = Torch.numThreads();
        Torch.setNumThreads(2);
        try {
            Probe p = new Probe();
            try (DataLoader<Sample, Batch> l = DataLoader.of(p).batchSize(2).numWorkers(2).build()) {
                int n = 0;
                for (Batch b : l) {
                    n += b.size();
                }
                assertEquals(8, n);
            }
            assertEquals(Set.of(1), p.seen);
            // the consumer (training) thread keeps its setting
            assertEquals(2, Torch.numThreads());
            Probe inline = new Probe();
            try (DataLoader<Sample, Batch> l = DataLoader.of(inline).batchSize(4).build()) {
                l.iterator().next();
            }
            assertTrue(inline.seen.contains(2), "numWorkers=0 loads on the consumer thread: " + inline.seen);
        } finally {
            Torch.setNumThreads(before);
        }
    }
}
