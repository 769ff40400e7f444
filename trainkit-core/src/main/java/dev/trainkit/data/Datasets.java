package dev.trainkit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Helpers that derive datasets from datasets: {@code random_split}, filtering, class selection
 * with relabelling, and taking k examples per class. Every random choice uses its own seeded
 * {@link Random}, so the same seed gives the same result on every run (PyTorch's
 * {@code random_split} draws from {@code torch.Generator}; the split is equally reproducible
 * but not the same one as PyTorch's for the same seed).
 *
 * <pre>{@code
 * // the demo's few-shot set: classes 5-9 relabelled 0-4, 60 images per class
 * Dataset<Sample> fewShot = Datasets.takePerClass(Datasets.selectClasses(train, 5, 6, 7, 8, 9), 60, 42);
 * List<Subset<Sample>> parts = Datasets.randomSplit(train, new int[] {3000, 1000}, 0);
 * // random_split(train, [3000, 1000], generator=torch.Generator().manual_seed(0))
 * }</pre>
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * The label of item {@code index}: through {@link HasTargets} when the dataset has it (no input
     * is loaded), else from {@code get(index)}, which must then be a {@link Sample}.
     */
    public static long targetOf(Dataset<?> dataset, int index) {
        if (dataset instanceof HasTargets t) {
            return t.target(index);
        }
        Object item = dataset.get(index);
        if (item instanceof Sample s) {
            return s.label();
        }
        throw new IllegalArgumentException("targetOf: expected a dataset of Sample or one implementing HasTargets, got "
                + (item == null ? "null" : item.getClass().getName()) + " items");
    }

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths
     * ({@code torch.utils.data.random_split}).
     *
     * @throws IllegalArgumentException if the lengths are negative or do not sum to the size
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, long seed) {
        long sum = 0;
        for (int l : lengths) {
            if (l < 0) {
                throw new IllegalArgumentException("randomSplit: lengths must be >= 0, got " + Arrays.toString(lengths));
            }
            sum += l;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: sum of input lengths " + Arrays.toString(lengths) + " = "
                    + sum + " does not equal the length of the input dataset (" + dataset.size() + ")");
        }
        int[] perm = permutation(dataset.size(), seed);
        List<Subset<T>> out = new ArrayList<>();
        int offset = 0;
        for (int l : lengths) {
            out.add(new Subset<>(dataset, Arrays.copyOfRange(perm, offset, offset + l)));
            offset += l;
        }
        return out;
    }

    /**
     * Splits by fractions that sum to 1, as {@code random_split(ds, [0.8, 0.2])}: each part gets
     * {@code floor(n * fraction)} items and the remainder is dealt round-robin, as PyTorch does.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, long seed) {
        double total = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fractions must be in [0, 1], got "
                        + Arrays.toString(fractions));
            }
            total += f;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("randomSplit: fractions must sum to 1, got " + Arrays.toString(fractions)
                    + " (sum " + total + ")");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; i < n - assigned; i++) {
            lengths[i % lengths.length]++;
        }
        return randomSplit(dataset, lengths, seed);
    }

    /** The items for which {@code keep} is true, in order. Loads every item once; see {@link #selectClasses}. */
    public static <T> Subset<T> filter(Dataset<T> dataset, Predicate<? super T> keep) {
        Objects.requireNonNull(keep, "filter: keep");
        int[] idx = new int[dataset.size()];
        int k = 0;
        for (int i = 0; i < dataset.size(); i++) {
            if (keep.test(dataset.get(i))) {
                idx[k++] = i;
            }
        }
        return new Subset<>(dataset, Arrays.copyOf(idx, k));
    }

    /**
     * Keeps the samples whose label is one of {@code classes} and relabels them to their position
     * in {@code classes}: {@code selectClasses(ds, 5, 6, 7, 8, 9)} maps 5→0 ... 9→4. Labels are
     * read through {@link HasTargets} when possible, so no image is decoded to filter.
     *
     * @throws IllegalArgumentException if {@code classes} is empty or repeats a class
     */
    public static Dataset<Sample> selectClasses(Dataset<Sample> dataset, long... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("selectClasses: expected at least one class");
        }
        TreeMap<Long, Integer> newLabel = new TreeMap<>();
        for (int i = 0; i < classes.length; i++) {
            if (newLabel.put(classes[i], i) != null) {
                throw new IllegalArgumentException("selectClasses: class " + classes[i] + " given twice in "
                        + Arrays.toString(classes));
            }
        }
        int[] idx = new int[dataset.size()];
        int k = 0;
        for (int i = 0; i < dataset.size(); i++) {
            if (newLabel.containsKey(targetOf(dataset, i))) {
                idx[k++] = i;
            }
        }
        Subset<Sample> kept = new Subset<>(dataset, Arrays.copyOf(idx, k));
        return new Relabelled(kept, newLabel);
    }

    /**
     * At most {@code k} randomly chosen items of each class (all of a class with fewer), in
     * dataset order: the few-shot subsets of fine-tuning experiments.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static <T> Subset<T> takePerClass(Dataset<T> dataset, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("takePerClass: k must be >= 1, got " + k);
        }
        TreeMap<Long, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < dataset.size(); i++) {
            byClass.computeIfAbsent(targetOf(dataset, i), c -> new ArrayList<>()).add(i);
        }
        Random rng = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            // a partial Fisher-Yates shuffle picks k without bias; iteration order is fixed by the TreeMap
            for (int i = 0; i < Math.min(k, members.size()); i++) {
                int j = i + rng.nextInt(members.size() - i);
                Integer tmp = members.get(i);
                members.set(i, members.get(j));
                members.set(j, tmp);
                chosen.add(members.get(i));
            }
        }
        return new Subset<>(dataset, chosen.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    /** A random permutation of {@code [0, n)} from {@code new Random(seed)} (Fisher-Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Relabels samples through a class map; targets stay readable without loading inputs. */
    private static final class Relabelled implements Dataset<Sample>, HasTargets {
        private final Subset<Sample> base;
        private final TreeMap<Long, Integer> newLabel;

        Relabelled(Subset<Sample> base, TreeMap<Long, Integer> newLabel) {
            this.base = base;
            this.newLabel = newLabel;
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public Sample get(int index) {
            Sample s = base.get(index);
            return s.withLabel(newLabel.get(s.label()));
        }

        @Override
        public long target(int index) {
            return newLabel.get(base.target(index));
        }
    }
}
