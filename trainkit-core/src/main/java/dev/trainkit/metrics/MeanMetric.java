package dev.trainkit.metrics;

/**
 * A running weighted mean of scalars, kept in Java primitives (the mean loss over batches of
 * different sizes). torchmetrics' {@code MeanMetric}.
 *
 * <pre>{@code
 * MeanMetric loss = new MeanMetric();
 * loss.add(0.5, 32);            // batch of 32 with mean loss 0.5
 * loss.add(0.2, 8);
 * loss.mean();                  // (0.5*32 + 0.2*8) / 40 = 0.44
 * }</pre>
 */
public final class MeanMetric {
    private double sum;
    private double weight;

    /** Adds {@code value} with {@code weight} (e.g. the batch size). */
    public void add(double value, double weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("MeanMetric.add: weight must be >= 0, got " + weight);
        }
        sum += value * weight;
        this.weight += weight;
    }

    /** The weighted mean, NaN when nothing was added. */
    public double mean() {
        return weight == 0 ? Double.NaN : sum / weight;
    }

    /** The total weight added. */
    public double count() {
        return weight;
    }

    /** Forgets everything. */
    public void reset() {
        sum = 0;
        weight = 0;
    }
}
