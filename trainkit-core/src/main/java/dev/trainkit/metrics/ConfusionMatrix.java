package dev.trainkit.metrics;

import dev.trainkit.tensor.Tensor;
import java.util.Map;

/**
 * The confusion matrix of a classifier over an evaluation: {@code counts()[t][p]} is the number
 * of samples of true class {@code t} predicted as {@code p} (the output's argmax). As a
 * {@link Metric} it adds no named value, so a trainer's evaluation can fill it alongside
 * accuracy and loss in the same pass ({@code torchmetrics.ConfusionMatrix(task="multiclass")}).
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(5);
 * trainer builder: .metrics(() -> cm);     // then validate(...)
 * cm.counts();                              // long[5][5]
 * cm.perClassAccuracy();                    // recall per true class, NaN for a class with no sample
 * }</pre>
 */
public final class ConfusionMatrix implements Metric {
    private final long[][] counts;

    /** A matrix for {@code numClasses} classes. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: numClasses must be >= 1, got " + numClasses);
        }
        counts = new long[numClasses][numClasses];
    }

    @Override
    public void update(Tensor output, Tensor target) {
        int n = counts.length;
        if (output.dim() != 2 || target.dim() != 1 || output.size(0) != target.size(0) || output.size(1) != n) {
            throw new IllegalArgumentException("ConfusionMatrix: expected output [N, " + n + "] and target [N], got output "
                    + output.describe() + " and target " + target.describe());
        }
        long[] pred = output.argmax(1, false).toLongArray();
        long[] truth = target.toLongArray();
        for (int i = 0; i < pred.length; i++) {
            if (truth[i] < 0 || truth[i] >= n) {
                throw new IllegalArgumentException("ConfusionMatrix: target " + truth[i] + " outside [0, " + n + ")");
            }
            counts[(int) truth[i]][(int) pred[i]]++;
        }
    }

    /** No named values: read {@link #counts()} and {@link #perClassAccuracy()}. */
    @Override
    public Map<String, Double> compute() {
        return Map.of();
    }

    @Override
    public void reset() {
        for (long[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
    }

    /** A copy of the counts, rows true classes, columns predictions. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /** Per true class, the fraction predicted right (NaN for a class without samples). */
    public double[] perClassAccuracy() {
        double[] out = new double[counts.length];
        for (int t = 0; t < counts.length; t++) {
            long row = java.util.Arrays.stream(counts[t]).sum();
            out[t] = row == 0 ? Double.NaN : (double) counts[t][t] / row;
        }
        return out;
    }
}
