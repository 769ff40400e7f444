package dev.trainkit.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Batches a dataset: seeded shuffling reshuffled every epoch, {@code drop_last}, worker threads
 * with bounded prefetch and a custom collate function ({@code torch.utils.data.DataLoader}).
 *
 * <pre>{@code
 * try (DataLoader<Sample, Batch> loader = DataLoader.of(train)
 *         .batchSize(64).shuffle(true).seed(0).numWorkers(2).build()) {
 *     for (int epoch = 0; epoch < 3; epoch++) {
 *         for (Batch b : loader) {                // one epoch; the next loop reshuffles
 *             ...
 *         }
 *     }
 * }
 * // DataLoader(train, batch_size=64, shuffle=True, num_workers=2,
 * //            generator=torch.Generator().manual_seed(0))
 * }</pre>
 *
 * <p>Each {@link #iterator()} call is one epoch: epoch e's order is a permutation drawn from a
 * {@link java.util.Random} seeded by (seed, e), so a seed gives the same orders on every run
 * (not the same orders as PyTorch's generator). {@link #setEpoch} positions the counter, e.g.
 * when resuming a run. Random transforms draw from {@link SampleRandom}, seeded per item by
 * (seed, epoch, index), so augmentations do not depend on the number of workers.
 *
 * <p>Threads: with {@code numWorkers = 0} everything runs on the consumer thread. Otherwise
 * worker k loads batches k, k + W, k + 2W, ... (items and collate) and queues at most
 * {@code prefetchFactor} of them; the consumer takes them in order. Workers only make Java
 * objects: {@link Batch} holds arrays and creates its tensors on the consumer's thread, so they
 * belong to the consumer's {@code TensorScope} (datasets that use tensors internally, such as
 * image transforms, open their own scope per item). A worker exception ends the epoch and is
 * rethrown on the consumer as a {@link DataLoaderException} whose cause is the original.
 * Workers stop when the epoch ends, when the iterator or the loader is closed, and when a new
 * epoch starts on this loader (so breaking out of a for-each loop leaks no thread).
 *
 * @param <T> the dataset's item type
 * @param <B> the batch type made by the collate function
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
    private final Dataset<T> dataset;
    private final Function<List<T>, B> collate;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int numWorkers;
    private final int prefetchFactor;
    private final Sampler sampler;
    private final boolean pinMemory;
    private final AtomicLong epoch = new AtomicLong();
    private final Set<BatchIterator<T, B>> open = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    DataLoader(DataLoaderBuilder<T, B> b) {
        this.dataset = b.dataset;
        this.collate = b.collate;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.numWorkers = b.numWorkers;
        this.prefetchFactor = b.prefetchFactor;
        this.sampler = b.sampler;
        this.pinMemory = b.pinMemory && pinningAvailable();
    }

    private static boolean pinningAvailable() {
        boolean cuda;
        try {
            cuda = org.bytedeco.pytorch.global.torch.cuda_is_available();
        } catch (RuntimeException | LinkageError e) {
            cuda = false;
        }
        if (!cuda) {
            org.slf4j.LoggerFactory.getLogger(DataLoader.class).warn("DataLoader: pin_memory is set but no CUDA"
                    + " device is available, so pinned memory won't be used");
        }
        return cuda;
    }

    /** Whether batches are pinned (pinMemory was asked for and CUDA is available). */
    public boolean pinMemory() {
        return pinMemory;
    }

    /** A builder for a loader of samples with the default collate ({@link Batch#collate}). */
    public static DataLoaderBuilder<Sample, Batch> of(Dataset<Sample> dataset) {
        return new DataLoaderBuilder<>(dataset, Batch::collate);
    }

    /** A builder for a loader with a custom collate function ({@code collate_fn=...}). */
    public static <T, B> DataLoaderBuilder<T, B> builder(Dataset<T> dataset, Function<List<T>, B> collate) {
        return new DataLoaderBuilder<>(dataset, collate);
    }

    /** The dataset. */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The number of batches per epoch ({@code len(loader)}). */
    public int numBatches() {
        int n = sampler != null ? sampler.length() : dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The epoch the next {@link #iterator()} call will produce (0 for a new loader). */
    public long epoch() {
        return epoch.get();
    }

    /**
     * Sets the epoch the next iterator produces (its shuffle order and per-item random seeds),
     * like {@code DistributedSampler.set_epoch}; used to resume a run mid-training.
     */
    public void setEpoch(long e) {
        if (e < 0) {
            throw new IllegalArgumentException("setEpoch: epoch must be >= 0, got " + e);
        }
        epoch.set(e);
    }

    /** The dataset indices of every batch of epoch {@code e}, in order. */
    public List<int[]> batchIndices(long e) {
        int n = sampler != null ? sampler.length() : dataset.size();
        int[] order = sampler != null ? checkedSample(e, n)
                : shuffle ? Datasets.permutation(n, SampleRandom.mix(seed, e)) : identity(n);
        List<int[]> batches = new ArrayList<>(numBatches());
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            if (end - start < batchSize && dropLast) {
                break;
            }
            int[] b = new int[end - start];
            System.arraycopy(order, start, b, 0, b.length);
            batches.add(b);
        }
        return batches;
    }

    /**
     * Starts the next epoch. Iterators of earlier epochs still running are closed first. Close
     * the returned iterator when stopping early ({@link BatchIterator} is AutoCloseable) or let
     * the loader close it.
     */
    @Override
    public BatchIterator<T, B> iterator() {
        closeOpenIterators();
        long e = epoch.getAndIncrement();
        BatchIterator<T, B> it = new BatchIterator<>(this, e, batchIndices(e), numWorkers, prefetchFactor);
        open.add(it);
        it.start();
        return it;
    }

    /** Loads one batch: every item with its own {@link SampleRandom} stream, then collate. */
    B load(long e, int[] indices) {
        List<T> items = new ArrayList<>(indices.length);
        for (int i : indices) {
            items.add(SampleRandom.with(SampleRandom.mix(seed, e, i), () -> dataset.get(i)));
        }
        B batch = collate.apply(items);
        if (pinMemory && batch instanceof Batch b) {
            @SuppressWarnings("unchecked")
            B pinned = (B) b.pinned();
            return pinned;
        }
        return batch;
    }

    void forget(BatchIterator<T, B> it) {
        open.remove(it);
    }

    private void closeOpenIterators() {
        List<BatchIterator<T, B>> running;
        synchronized (open) {
            running = new ArrayList<>(open);
        }
        for (BatchIterator<T, B> it : running) {
            it.close();
        }
    }

    /** Stops every running iterator's workers and waits for them to end. */
    @Override
    public void close() {
        closeOpenIterators();
    }

    private int[] checkedSample(long e, int n) {
        int[] order = sampler.indices(e);
        if (order.length != n) {
            throw new IllegalStateException("DataLoader: sampler " + sampler + " gave " + order.length
                    + " indices for epoch " + e + " but its length() is " + n);
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Override
    public String toString() {
        return "DataLoader(size=" + dataset.size() + ", batch_size=" + batchSize + ", shuffle=" + shuffle
                + ", drop_last=" + dropLast + ", num_workers=" + numWorkers + (pinMemory ? ", pin_memory=True" : "") + ")";
    }
}
