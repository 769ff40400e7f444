package dev.trainkit.data;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;

/**
 * A collated batch: inputs stacked to float32 {@code [B, ...]} and labels to int64 {@code [B]},
 * what PyTorch's {@code default_collate} makes of a list of {@code (x, y)} pairs.
 *
 * <pre>{@code
 * for (Batch b : loader) {                          // for x, y in loader:
 *     try (TensorScope step = TensorScope.open()) {
 *         Tensor x = b.inputs();                    // float32 [B, C, H, W], owned by this step
 *         Tensor y = b.labels();                    // int64 [B]
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The batch holds Java arrays; {@link #inputs()} and {@link #labels()} create the tensors on
 * the calling thread, inside its current {@code TensorScope}. That is why collation can run on a
 * worker thread while the tensors still belong to the training step that uses them.
 */
public final class Batch {
    private final float[] inputs;
    private final long[] inputShape;
    private final long[] labels;
    private final boolean pinMemory;

    /**
     * @param inputs     row-major values of shape {@code inputShape}
     * @param inputShape {@code [B, ...]}
     * @param labels     B labels
     */
    public Batch(float[] inputs, long[] inputShape, long[] labels) {
        this(inputs, inputShape, labels, false);
    }

    private Batch(float[] inputs, long[] inputShape, long[] labels, boolean pinMemory) {
        if (inputShape.length == 0 || inputShape[0] != labels.length) {
            throw new IllegalArgumentException("Batch: inputShape " + Arrays.toString(inputShape)
                    + " must start with the batch size " + labels.length);
        }
        long n = 1;
        for (long d : inputShape) {
            n *= d;
        }
        if (n != inputs.length) {
            throw new IllegalArgumentException("Batch: inputShape " + Arrays.toString(inputShape) + " holds " + n
                    + " values, but inputs has " + inputs.length);
        }
        this.inputs = inputs;
        this.inputShape = inputShape.clone();
        this.labels = labels;
        this.pinMemory = pinMemory;
    }

    /**
     * This batch with its tensors made in page-locked (pinned) host memory, so that copies to a
     * CUDA device can be asynchronous ({@code pin_memory=True}); needs CUDA (see
     * {@link DataLoaderBuilder#pinMemory}).
     */
    public Batch pinned() {
        return pinMemory ? this : new Batch(inputs, inputShape, labels, true);
    }

    /** Whether {@link #inputs()} and {@link #labels()} make pinned tensors. */
    public boolean isPinned() {
        return pinMemory;
    }

    private static Tensor pin(Tensor t, boolean on) {
        return on ? NativeInterop.call("pin_memory", () -> NativeInterop.handle(t).pin_memory(), t) : t;
    }

    /**
     * The default collate: stacks the samples' inputs into {@code [B, ...]} and their labels into
     * {@code [B]} ({@code torch.utils.data.default_collate}).
     *
     * @throws IllegalArgumentException if the list is empty or the samples' shapes differ
     */
    public static Batch collate(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("collate: expected at least one sample");
        }
        long[] shape = samples.get(0).shape();
        int per = samples.get(0).input().length;
        float[] all = new float[Math.multiplyExact(per, samples.size())];
        long[] labels = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (!Arrays.equals(shape, s.shape())) {
                throw new IllegalArgumentException("collate: stack expects each sample to have the same shape,"
                        + " but sample 0 has " + Arrays.toString(shape) + " and sample " + i + " has "
                        + Arrays.toString(s.shape()) + " (resize or crop the inputs to one size)");
            }
            System.arraycopy(s.input(), 0, all, i * per, per);
            labels[i] = s.label();
        }
        long[] batchShape = new long[shape.length + 1];
        batchShape[0] = samples.size();
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        return new Batch(all, batchShape, labels);
    }

    /** The number of samples B. */
    public int size() {
        return labels.length;
    }

    /** The inputs as a new float32 tensor {@code [B, ...]} in the caller's current scope. */
    public Tensor inputs() {
        return pin(Torch.tensor(inputs, inputShape), pinMemory);
    }

    /** The labels as a new int64 tensor {@code [B]} in the caller's current scope. */
    public Tensor labels() {
        return pin(Torch.tensor(labels, labels.length), pinMemory);
    }

    /** The input shape {@code [B, ...]}. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** A copy of the labels. */
    public long[] labelArray() {
        return labels.clone();
    }

    /** A copy of the input values, row-major. */
    public float[] inputArray() {
        return inputs.clone();
    }

    @Override
    public String toString() {
        return "Batch(inputs=" + Arrays.toString(inputShape) + ", labels=[" + labels.length + "])";
    }
}
