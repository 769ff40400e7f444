package dev.trainkit.dist;

import dev.trainkit.data.Datasets;
import dev.trainkit.data.Sampler;

/**
 * Each rank's share of a dataset, with the rules of {@code torch.utils.data.DistributedSampler}:
 * one order for all ranks (a permutation seeded by {@code seed + epoch} when shuffling, else
 * {@code 0..n-1}); without {@code dropLast} it is padded to a multiple of the world size by
 * repeating its first indices (wrapping round as often as needed); with {@code dropLast} its tail
 * is cut to a multiple instead; rank r takes positions r, r + W, r + 2W, ...
 *
 * <pre>{@code
 * DistributedSampler sampler = new DistributedSampler(train.size(), pg.worldSize(), pg.rank(), true, 42, false);
 * DataLoader<Sample, Batch> loader = DataLoader.of(train).batchSize(32).sampler(sampler).build();
 * // DistributedSampler(train, num_replicas=W, rank=r, shuffle=True, seed=42, drop_last=False)
 * }</pre>
 *
 * <p>Every rank gets {@link #length()} indices: {@code ceil(n / W)}, or {@code floor(n / W)} with
 * {@code dropLast}. The shuffled order is not PyTorch's (Java's generator, not torch's), but the
 * padding and splitting are. In a {@link dev.trainkit.data.DataLoader} the loader's epoch is
 * passed to {@link #indices(long)}, so no {@code set_epoch} call is needed; standalone,
 * {@link #setEpoch} and {@link #indices()} play PyTorch's roles.
 */
public final class DistributedSampler implements Sampler {
    private final int size;
    private final int numReplicas;
    private final int rank;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int numSamples;
    private long epoch;

    /** PyTorch's defaults: shuffle, seed 0, no drop_last. */
    public DistributedSampler(int datasetSize, int numReplicas, int rank) {
        this(datasetSize, numReplicas, rank, true, 0, false);
    }

    /** A sampler for rank {@code rank} of {@code numReplicas} over a dataset of {@code datasetSize} items. */
    public DistributedSampler(int datasetSize, int numReplicas, int rank, boolean shuffle, long seed, boolean dropLast) {
        if (datasetSize < 0) {
            throw new IllegalArgumentException("datasetSize: expected >= 0, got " + datasetSize);
        }
        if (numReplicas < 1) {
            throw new IllegalArgumentException("numReplicas: expected a world size >= 1, got " + numReplicas);
        }
        if (rank < 0 || rank >= numReplicas) {
            throw new IllegalArgumentException("rank: Invalid rank " + rank + ", rank should be in the interval [0, "
                    + (numReplicas - 1) + "]");
        }
        this.size = datasetSize;
        this.numReplicas = numReplicas;
        this.rank = rank;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        // PyTorch: drop_last and an uneven split drop the tail, else round up and pad
        this.numSamples = dropLast && datasetSize % numReplicas != 0
                ? (int) Math.ceil((datasetSize - numReplicas) / (double) numReplicas)
                : (int) Math.ceil(datasetSize / (double) numReplicas);
    }

    /** A sampler over {@code pg}'s ranks. */
    public static DistributedSampler of(int datasetSize, ProcessGroup pg, boolean shuffle, long seed, boolean dropLast) {
        return new DistributedSampler(datasetSize, pg.worldSize(), pg.rank(), shuffle, seed, dropLast);
    }

    /** Indices per rank and epoch ({@code len(sampler)}). */
    @Override
    public int length() {
        return numSamples;
    }

    /** The indices over all ranks before the split: {@code length() * numReplicas}. */
    public int totalSize() {
        return numSamples * numReplicas;
    }

    /** This rank's indices for {@code epoch}. */
    @Override
    public int[] indices(long epoch) {
        int total = totalSize();
        int[] order = shuffle ? Datasets.permutation(size, seed + epoch) : range(size);
        int[] padded = new int[total];
        for (int i = 0; i < total; i++) {
            // padding repeats the order from its start, wrapping round when it is shorter than the padding
            padded[i] = order[i % Math.max(1, size)];
        }
        int[] mine = new int[numSamples];
        for (int i = 0; i < numSamples; i++) {
            mine[i] = padded[rank + i * numReplicas];
        }
        return mine;
    }

    /** This rank's indices for the epoch last set with {@link #setEpoch}. */
    public int[] indices() {
        return indices(epoch);
    }

    /** The epoch of {@link #indices()} ({@code set_epoch}); reshuffles when shuffling. */
    public void setEpoch(long e) {
        this.epoch = e;
    }

    /** The epoch last set. */
    public long epoch() {
        return epoch;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Override
    public String toString() {
        return "DistributedSampler(size=" + size + ", num_replicas=" + numReplicas + ", rank=" + rank + ", shuffle="
                + shuffle + ", seed=" + seed + ", drop_last=" + dropLast + ")";
    }
}
