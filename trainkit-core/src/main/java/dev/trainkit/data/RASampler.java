package dev.trainkit.data;

import dev.trainkit.tensor.Generator;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;

/**
 * Repeated augmentation (torchvision's classification reference {@code --ra-sampler}): each
 * dataset index appears {@code repetitions} times in a row, and the repeats go to different
 * ranks, so every process sees a differently augmented copy of the same images. Shuffling uses
 * {@code torch.randperm} on a generator seeded with {@code seed + epoch}: PyTorch's order.
 *
 * <p>As torchvision's, each rank visits {@code floor(size // 256 * 256 / numReplicas)} indices
 * per epoch (the epoch length of the data without repeats, rounded down to a multiple of 256);
 * a dataset smaller than 256 samples would visit none, so it is refused.
 *
 * <pre>{@code
 * DataLoader<Sample, Batch> loader = DataLoader.of(train).batchSize(32)
 *         .sampler(new RASampler(train.size(), pg.worldSize(), pg.rank(), true, 0, 3)).build();
 * // RASampler(train, num_replicas=W, rank=r, shuffle=True, seed=0, repetitions=3)   (--ra-reps 3)
 * }</pre>
 *
 * <p>PyTorch equivalent: torchvision {@code references/classification/sampler.py}
 * {@code RASampler}; the loader's epoch plays {@code set_epoch}.
 */
public final class RASampler implements Sampler {
    private final int size;
    private final int numReplicas;
    private final int rank;
    private final boolean shuffle;
    private final long seed;
    private final int repetitions;
    private final int numSamples;
    private final int totalSize;
    private final int numSelectedSamples;

    /** torchvision's defaults: shuffle, seed 0, 3 repetitions. */
    public RASampler(int datasetSize, int numReplicas, int rank) {
        this(datasetSize, numReplicas, rank, true, 0, 3);
    }

    /**
     * All options.
     *
     * @throws IllegalArgumentException for a bad replica count, rank or repetition count, or a
     *     dataset that gives no index per epoch (fewer than 256 samples per replica group)
     */
    public RASampler(int datasetSize, int numReplicas, int rank, boolean shuffle, long seed, int repetitions) {
        if (datasetSize < 0) {
            throw new IllegalArgumentException("dataset size: expected a non-negative size, got " + datasetSize);
        }
        if (numReplicas < 1) {
            throw new IllegalArgumentException("num_replicas: expected a positive number of processes, got " + numReplicas);
        }
        if (rank < 0 || rank >= numReplicas) {
            throw new IllegalArgumentException("rank: Invalid rank " + rank + ", rank should be in the interval [0, "
                    + (numReplicas - 1) + "]");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions: expected a positive number of repeats (--ra-reps), got "
                    + repetitions);
        }
        this.size = datasetSize;
        this.numReplicas = numReplicas;
        this.rank = rank;
        this.shuffle = shuffle;
        this.seed = seed;
        this.repetitions = repetitions;
        this.numSamples = (int) Math.ceil((double) datasetSize * repetitions / numReplicas);
        this.totalSize = numSamples * numReplicas;
        this.numSelectedSamples = (int) Math.floor((double) (datasetSize / 256 * 256) / numReplicas);
        if (numSelectedSamples == 0) {
            throw new IllegalArgumentException("dataset size: RASampler visits floor(size // 256 * 256 / num_replicas)"
                    + " indices per epoch, as torchvision's; " + datasetSize + " samples over " + numReplicas
                    + " replicas give none (expected at least 256 samples)");
        }
    }

    @Override
    public int length() {
        return numSelectedSamples;
    }

    @Override
    public int[] indices(long epoch) {
        int[] order = new int[size];
        if (shuffle) {
            try (TensorScope scope = TensorScope.open()) {
                long[] perm = Torch.randperm(size, new Generator().manualSeed(seed + epoch)).toLongArray();
                for (int i = 0; i < size; i++) {
                    order[i] = (int) perm[i];
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
        }
        // each index `repetitions` times in a row, padded from the start to total_size, then strided by rank
        int repeated = size * repetitions;
        int[] out = new int[numSelectedSamples];
        for (int j = 0; j < numSelectedSamples; j++) {
            int pos = rank + j * numReplicas;
            int p = pos < repeated ? pos : pos - repeated;
            out[j] = order[p / repetitions];
        }
        return out;
    }

    @Override
    public String toString() {
        return "RASampler(size=" + size + ", num_replicas=" + numReplicas + ", rank=" + rank + ", shuffle=" + shuffle
                + ", seed=" + seed + ", repetitions=" + repetitions + ")";
    }
}
