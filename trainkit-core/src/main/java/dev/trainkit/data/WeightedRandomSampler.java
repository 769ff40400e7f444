package dev.trainkit.data;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Generator;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;

import java.util.Arrays;

/**
 * Draws {@code numSamples} dataset indices per epoch with probability proportional to
 * {@code weights} (with or without replacement): oversampling of rare classes. The draws are
 * PyTorch's: {@code torch.multinomial} on a {@code torch.Generator} seeded once with
 * {@code seed}, epoch after epoch, so epoch {@code e} gives what the {@code e+1}-th iteration of
 * the PyTorch sampler gives.
 *
 * <pre>{@code
 * double[] w = ...;                                   // e.g. 1 / count of each sample's class
 * DataLoader<Sample, Batch> loader = DataLoader.of(train).batchSize(32)
 *         .sampler(new WeightedRandomSampler(w, train.size(), true, 42)).build();
 * // g = torch.Generator(); g.manual_seed(42)
 * // DataLoader(train, batch_size=32, sampler=WeightedRandomSampler(w, len(train), True, generator=g))
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.utils.data.WeightedRandomSampler(weights, num_samples,
 * replacement=True, generator=g)}. Asking for an earlier epoch than the last one replays the
 * generator from the seed (the numbers depend only on the epoch).
 */
public final class WeightedRandomSampler implements Sampler {
    private final double[] weights;
    private final int numSamples;
    private final boolean replacement;
    private final long seed;
    private final Generator generator = new Generator();
    /** The epoch the generator will draw next. */
    private long nextEpoch;

    /**
     * Draws {@code numSamples} indices of {@code weights} per epoch.
     *
     * @throws IllegalArgumentException for a non-positive {@code numSamples}, empty, negative or
     *     non-finite weights, all-zero weights, or more samples without replacement than non-zero weights
     */
    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, long seed) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples="
                    + numSamples);
        }
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights: expected a non-empty 1-d sequence, got "
                    + (weights == null ? "null" : "[]"));
        }
        int nonZero = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "]: expected a finite non-negative weight, got "
                        + weights[i]);
            }
            nonZero += weights[i] > 0 ? 1 : 0;
        }
        if (nonZero == 0) {
            throw new IllegalArgumentException("weights: expected at least one positive weight, got all zeros");
        }
        if (!replacement && numSamples > nonZero) {
            throw new IllegalArgumentException("num_samples: without replacement at most the " + nonZero
                    + " indices with a positive weight can be drawn, got num_samples=" + numSamples);
        }
        this.weights = weights.clone();
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.seed = seed;
        generator.manualSeed(seed);
    }

    @Override
    public int length() {
        return numSamples;
    }

    @Override
    public synchronized int[] indices(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: expected a non-negative epoch, got " + epoch);
        }
        if (epoch < nextEpoch) {
            generator.manualSeed(seed);
            nextEpoch = 0;
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor w = Torch.tensor(weights, weights.length);
            while (nextEpoch < epoch) {
                Torch.multinomial(w, numSamples, replacement, generator);
                nextEpoch++;
            }
            long[] drawn = Torch.multinomial(w, numSamples, replacement, generator).to(DType.INT64).toLongArray();
            nextEpoch++;
            int[] out = new int[drawn.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(drawn[i]);
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "WeightedRandomSampler(weights=" + (weights.length <= 6 ? Arrays.toString(weights)
                : "[" + weights.length + " weights]") + ", num_samples=" + numSamples + ", replacement="
                + replacement + ", seed=" + seed + ")";
    }
}
