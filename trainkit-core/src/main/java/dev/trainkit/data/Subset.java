package dev.trainkit.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The items of a dataset at the given indices, in that order ({@code torch.utils.data.Subset}).
 *
 * <pre>{@code
 * Subset<Sample> firstTen = new Subset<>(train, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
 * // Subset(train, range(10))
 * }</pre>
 *
 * @param <T> the item type
 */
public final class Subset<T> implements Dataset<T>, HasTargets {
    private final Dataset<T> dataset;
    private final int[] indices;

    /**
     * @throws IndexOutOfBoundsException naming the first index that is not in {@code dataset}
     */
    public Subset(Dataset<T> dataset, int[] indices) {
        this.dataset = Objects.requireNonNull(dataset, "Subset: dataset");
        this.indices = Objects.requireNonNull(indices, "Subset: indices").clone();
        int n = dataset.size();
        for (int i = 0; i < this.indices.length; i++) {
            if (this.indices[i] < 0 || this.indices[i] >= n) {
                throw new IndexOutOfBoundsException("Subset: indices[" + i + "] = " + this.indices[i]
                        + " out of range for a dataset of size " + n);
            }
        }
    }

    /** The underlying dataset ({@code subset.dataset}). */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** A copy of the indices into the underlying dataset ({@code subset.indices}). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        return dataset.get(indices[Dataset.checkIndex("Subset", index, indices.length)]);
    }

    /** The label of item {@code index}, read without loading it when the parent has targets. */
    @Override
    public long target(int index) {
        return Datasets.targetOf(dataset, indices[Dataset.checkIndex("Subset", index, indices.length)]);
    }

    @Override
    public String toString() {
        return "Subset(size=" + indices.length + ", indices=" + Arrays.toString(Arrays.copyOf(indices,
                Math.min(8, indices.length))) + (indices.length > 8 ? "..." : "") + ")";
    }
}
