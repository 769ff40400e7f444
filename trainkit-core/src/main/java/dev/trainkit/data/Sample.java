package dev.trainkit.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled example as plain Java data: the input values (row-major), their shape and an
 * integer class label. It is what {@code (image, target)} is in a torchvision dataset, kept as
 * arrays so that DataLoader worker threads can hand it to the training thread without any
 * native memory crossing threads; the default collate ({@link Batch#collate}) turns a list of
 * samples into one float32 input tensor and one int64 label tensor.
 *
 * <pre>{@code
 * Sample s = new Sample(new float[] {0.1f, 0.2f, 0.3f}, new long[] {3}, 7);
 * s.label();                       // 7, the target of  (x, target) = dataset[i]
 * }</pre>
 *
 * @param input the input values, row-major
 * @param shape the input's shape; its product equals {@code input.length}
 * @param label the class index (or any integer target)
 */
public record Sample(float[] input, long[] shape, long label) {

    /** Validates that {@code shape} describes {@code input}. */
    public Sample {
        Objects.requireNonNull(input, "Sample: input");
        Objects.requireNonNull(shape, "Sample: shape");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Sample: shape " + Arrays.toString(shape) + " has a negative size");
            }
            n *= d;
        }
        if (n != input.length) {
            throw new IllegalArgumentException("Sample: shape " + Arrays.toString(shape) + " holds " + n
                    + " values, but input has " + input.length);
        }
    }

    /** The same input with another label (used by relabelling helpers). */
    public Sample withLabel(long newLabel) {
        return new Sample(input, shape, newLabel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && label == s.label && Arrays.equals(shape, s.shape)
                && Arrays.equals(input, s.input);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(input) + Arrays.hashCode(shape)) + Long.hashCode(label);
    }

    @Override
    public String toString() {
        return "Sample(shape=" + Arrays.toString(shape) + ", label=" + label + ")";
    }
}
