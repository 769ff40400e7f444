package dev.trainkit.data;

import java.util.List;

/**
 * Several datasets one after the other ({@code torch.utils.data.ConcatDataset}).
 *
 * <pre>{@code
 * Dataset<Sample> all = new ConcatDataset<>(List.of(train, extra));   // ConcatDataset([train, extra])
 * }</pre>
 *
 * @param <T> the item type
 */
public final class ConcatDataset<T> implements Dataset<T>, HasTargets {
    private final List<Dataset<T>> datasets;
    /** cumulative[i] = total size of datasets 0..i, as PyTorch's {@code cumulative_sizes}. */
    private final int[] cumulative;

    /** @throws IllegalArgumentException if {@code datasets} is empty or the total overflows an int */
    public ConcatDataset(List<? extends Dataset<T>> datasets) {
        if (datasets == null || datasets.isEmpty()) {
            throw new IllegalArgumentException("ConcatDataset: expected at least one dataset, got none");
        }
        this.datasets = List.copyOf(datasets);
        this.cumulative = new int[datasets.size()];
        long total = 0;
        for (int i = 0; i < datasets.size(); i++) {
            total += datasets.get(i).size();
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ConcatDataset: total size " + total + " exceeds " + Integer.MAX_VALUE);
            }
            cumulative[i] = (int) total;
        }
    }

    /** The cumulative sizes ({@code cumulative_sizes}). */
    public int[] cumulativeSizes() {
        return cumulative.clone();
    }

    @Override
    public int size() {
        return cumulative[cumulative.length - 1];
    }

    @Override
    public T get(int index) {
        int d = locate(index);
        return datasets.get(d).get(index - (d == 0 ? 0 : cumulative[d - 1]));
    }

    @Override
    public long target(int index) {
        int d = locate(index);
        return Datasets.targetOf(datasets.get(d), index - (d == 0 ? 0 : cumulative[d - 1]));
    }

    private int locate(int index) {
        Dataset.checkIndex("ConcatDataset", index, size());
        // first dataset whose cumulative size exceeds index (bisect_right in PyTorch)
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
