package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** Item i: input [i, random draw from SampleRandom], label i; optionally fails at one index. */
    static final class Numbers implements Dataset<Sample> {
        final int n;
        final int failAt;
        final AtomicInteger gets = new AtomicInteger();

        Numbers(int n, int failAt) {
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Sample get(int i) {
            gets.incrementAndGet();
            if (i == failAt) {
                throw new UncheckedIOException(new IOException("cannot read item " + i));
            }
            return new Sample(new float[] {i, SampleRandom.current().nextInt(1000)}, new long[] {2}, i);
        }
    }

    static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("trainkit-dataloader-worker") && t.isAlive()).count();
    }

    @AfterEach
    void noThreadLeft() {
        assertEquals(0, workerThreads(), "DataLoader worker threads leaked");
    }

    private static List<Batch> epoch(DataLoader<Sample, Batch> loader) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : loader) {
            out.add(b);
        }
        return out;
    }

    private static long[] labels(List<Batch> batches) {
        return batches.stream().flatMapToLong(b -> Arrays.stream(b.labelArray())).toArray();
    }

    @Test
    void batchingAndDropLast() {
        try (DataLoader<Sample, Batch> l = DataLoader.of(new Numbers(10, -1)).batchSize(4).build()) {
            List<Batch> bs = epoch(l);
            assertEquals(3, l.numBatches());
            assertEquals(List.of(4, 4, 2), bs.stream().map(Batch::size).toList());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, labels(bs));
            assertArrayEquals(new long[] {4, 2}, bs.get(0).inputShape());
            Tensor x = bs.get(2).inputs();
            assertEquals(DType.FLOAT32, x.dtype());
            assertArrayEquals(new long[] {2, 2}, x.shape());
            assertEquals(8f, x.toFloatArray()[0]);
            assertEquals(DType.INT64, bs.get(2).labels().dtype());
        }
        try (DataLoader<Sample, Batch> l = DataLoader.of(new Numbers(10, -1)).batchSize(4).dropLast(true).build()) {
            assertEquals(2, l.numBatches());
            assertEquals(List.of(4, 4), epoch(l).stream().map(Batch::size).toList());
        }
    }

    @Test
    void seededShufflePerEpochAndReproducible() {
        DataLoader<Sample, Batch> a = DataLoader.of(new Numbers(40, -1)).batchSize(8).shuffle(true).seed(3).build();
        DataLoader<Sample, Batch> b = DataLoader.of(new Numbers(40, -1)).batchSize(8).shuffle(true).seed(3).build();
        long[] a0 = labels(epoch(a));
        long[] a1 = labels(epoch(a));
        assertArrayEquals(a0, labels(epoch(b)), "same seed, same first epoch");
        assertArrayEquals(a1, labels(epoch(b)), "same seed, same second epoch");
        assertFalse(Arrays.equals(a0, a1), "a new epoch reshuffles");
        long[] sorted = a0.clone();
        Arrays.sort(sorted);
        assertArrayEquals(java.util.stream.LongStream.range(0, 40).toArray(), sorted, "each item once per epoch");
        b.setEpoch(0);
        assertArrayEquals(a0, labels(epoch(b)), "setEpoch replays an epoch");
        DataLoader<Sample, Batch> c = DataLoader.of(new Numbers(40, -1)).batchSize(8).shuffle(true).seed(4).build();
        assertNotEquals(Arrays.toString(a0), Arrays.toString(labels(epoch(c))));
    }

    @Test
    void workersGiveTheSameBatchesAndAugmentationsAsTheMainThread() {
        List<float[]> reference = new ArrayList<>();
        try (DataLoader<Sample, Batch> l = DataLoader.of(new Numbers(37, -1)).batchSize(5).shuffle(true).seed(1).build()) {
            for (Batch b : l) {
                reference.add(b.inputArray());
            }
        }
        for (int workers : new int[] {1, 2, 3}) {
            try (DataLoader<Sample, Batch> l = DataLoader.of(new Numbers(37, -1)).batchSize(5).shuffle(true).seed(1)
                    .numWorkers(workers).prefetchFactor(1).build()) {
                List<Batch> bs = epoch(l);
                assertEquals(reference.size(), bs.size());
                for (int i = 0; i < bs.size(); i++) {
                    assertArrayEquals(reference.get(i), bs.get(i).inputArray(), workers + " workers, batch " + i);
                }
            }
        }
    }

    @Test
    void workerExceptionReachesTheConsumerWithItsCause() {
        Numbers ds = new Numbers(20, 13);
        try (DataLoader<Sample, Batch> l = DataLoader.of(ds).batchSize(4).numWorkers(2).build()) {
            List<Batch> got = new ArrayList<>();
            DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
                for (Batch b : l) {
                    got.add(b);
                }
            });
            assertEquals(3, got.size(), "batches before the failing one arrive");
            assertTrue(e.getMessage().contains("failed on batch 3"), e.getMessage());
            assertTrue(e.getCause() instanceof UncheckedIOException, String.valueOf(e.getCause()));
            assertEquals("cannot read item 13", e.getCause().getCause().getMessage());
        }
        // on the consumer thread (num_workers=0) the original exception arrives unwrapped
        try (DataLoader<Sample, Batch> l = DataLoader.of(ds).batchSize(4).build()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> epoch(l));
            assertEquals("cannot read item 13", e.getCause().getMessage());
        }
    }

    @Test
    void prefetchIsBoundedAndCloseStopsWorkers() throws InterruptedException {
        Numbers ds = new Numbers(200, -1);
        DataLoader<Sample, Batch> l = DataLoader.of(ds).batchSize(1).numWorkers(2).prefetchFactor(2).build();
        BatchIterator<Sample, Batch> it = l.iterator();
        assertEquals(0, it.next().labelArray()[0]);
        Thread.sleep(300);
        // each worker: at most prefetchFactor queued + one being put; plus the one consumed
        assertTrue(ds.gets.get() <= 2 * (2 + 1) + 1, "loaded ahead: " + ds.gets.get());
        assertEquals(2, workerThreads());
        it.close();
        assertEquals(0, workerThreads());
        assertFalse(it.hasNext());
        // breaking out of a for-each loop: the next epoch (or close) stops the abandoned workers
        for (Batch b : l) {
            assertEquals(1, b.size());
            break;
        }
        assertTrue(workerThreads() > 0);
        Iterable<Batch> again = l;
        assertSame(l, again);
        l.close();
    }

    @Test
    void customCollateAndScopeOwnership() {
        DataLoader<Sample, Long> sums = DataLoader.builder((Dataset<Sample>) new Numbers(6, -1),
                (List<Sample> xs) -> xs.stream().mapToLong(Sample::label).sum()).batchSize(3).numWorkers(1).build();
        List<Long> got = new ArrayList<>();
        sums.forEach(got::add);
        assertEquals(List.of(3L, 12L), got);
        Batch b = DataLoader.of(new Numbers(3, -1)).batchSize(3).build().iterator().next();
        Tensor kept;
        try (TensorScope step = TensorScope.open()) {
            kept = b.inputs();
            assertFalse(kept.isReleased());
        }
        assertTrue(kept.isReleased(), "batch tensors belong to the consumer's step scope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.collate(List.of(
                new Sample(new float[2], new long[] {2}, 0), new Sample(new float[3], new long[] {3}, 1))));
        assertTrue(e.getMessage().contains("sample 0 has [2] and sample 1 has [3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(new Numbers(3, -1)).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(new Numbers(3, -1)).numWorkers(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sample(new float[3], new long[] {2}, 0));
    }
}
