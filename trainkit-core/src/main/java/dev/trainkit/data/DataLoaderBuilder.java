package dev.trainkit.data;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Options of a {@link DataLoader}, named after PyTorch's keyword arguments; defaults are
 * PyTorch's ({@code batch_size=1, shuffle=False, drop_last=False, num_workers=0,
 * prefetch_factor=2}) except the seed, which is 0 rather than random so that runs repeat.
 *
 * <pre>{@code
 * DataLoader<Sample, Batch> loader = DataLoader.of(train)
 *         .batchSize(32).shuffle(true).seed(42).dropLast(true).numWorkers(2).prefetchFactor(2)
 *         .build();
 * }</pre>
 *
 * @param <T> the dataset's item type
 * @param <B> the batch type
 */
public final class DataLoaderBuilder<T, B> {
    final Dataset<T> dataset;
    final Function<List<T>, B> collate;
    int batchSize = 1;
    boolean shuffle;
    boolean dropLast;
    long seed;
    int numWorkers;
    int prefetchFactor = 2;
    Sampler sampler;
    boolean pinMemory;

    DataLoaderBuilder(Dataset<T> dataset, Function<List<T>, B> collate) {
        this.dataset = Objects.requireNonNull(dataset, "DataLoader: dataset");
        this.collate = Objects.requireNonNull(collate, "DataLoader: collate");
    }

    /** Samples per batch ({@code batch_size}), at least 1. */
    public DataLoaderBuilder<T, B> batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer, got " + n);
        }
        this.batchSize = n;
        return this;
    }

    /** Whether to reshuffle the order every epoch ({@code shuffle}). */
    public DataLoaderBuilder<T, B> shuffle(boolean on) {
        this.shuffle = on;
        return this;
    }

    /** The seed of the shuffle and of per-item augmentation streams (default 0). */
    public DataLoaderBuilder<T, B> seed(long s) {
        this.seed = s;
        return this;
    }

    /** Whether to drop the last incomplete batch ({@code drop_last}). */
    public DataLoaderBuilder<T, B> dropLast(boolean on) {
        this.dropLast = on;
        return this;
    }

    /** Worker threads ({@code num_workers}); 0 loads on the consumer thread. */
    public DataLoaderBuilder<T, B> numWorkers(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("DataLoader: num_workers option should be non-negative, got " + n);
        }
        this.numWorkers = n;
        return this;
    }

    /** Batches each worker loads ahead ({@code prefetch_factor}), at least 1. */
    public DataLoaderBuilder<T, B> prefetchFactor(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("DataLoader: prefetch_factor should be >= 1, got " + n);
        }
        this.prefetchFactor = n;
        return this;
    }

    /**
     * A custom index order ({@code sampler=...}), e.g. a {@code DistributedSampler}; mutually
     * exclusive with {@link #shuffle(boolean)} as in PyTorch.
     */
    public DataLoaderBuilder<T, B> sampler(Sampler s) {
        this.sampler = Objects.requireNonNull(s, "DataLoader: sampler");
        return this;
    }

    /**
     * Whether {@link Batch}es make their tensors in page-locked host memory ({@code pin_memory}),
     * so that {@code to(cuda, non_blocking)} copies overlap with compute. Needs CUDA: on a
     * machine without it this is a no-op that logs one line, as PyTorch warns ("'pin_memory'
     * argument is set as true but no accelerator is found"). Batches of other types than
     * {@link Batch} are left as they are. Pinning happens when {@link Batch#inputs()} makes the
     * tensor, on the consumer's thread.
     */
    public DataLoaderBuilder<T, B> pinMemory(boolean on) {
        this.pinMemory = on;
        return this;
    }

    /** The loader. */
    public DataLoader<T, B> build() {
        if (sampler != null && shuffle) {
            throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
        }
        return new DataLoader<>(this);
    }
}
