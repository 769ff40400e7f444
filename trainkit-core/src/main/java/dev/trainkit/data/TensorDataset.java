package dev.trainkit.data;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Rows of an input tensor paired with integer labels ({@code torch.utils.data.TensorDataset(x, y)}).
 *
 * <pre>{@code
 * TensorDataset ds = new TensorDataset(Torch.randn(100, 3, 8, 8), Torch.randint(0, 10, 100));
 * Sample s = ds.get(0);            // x[0], y[0]
 * }</pre>
 *
 * <p>The values are copied into Java arrays once, at construction: {@link #get} then touches no
 * native memory, so DataLoader workers can call it on any thread (see {@link Dataset}).
 */
public final class TensorDataset implements Dataset<Sample>, HasTargets {
    private final float[] inputs;
    private final long[] rowShape;
    private final int rowSize;
    private final long[] labels;

    /**
     * @param inputs any numeric tensor whose first dimension indexes the samples (read as float32)
     * @param labels an integer tensor of shape [N]
     * @throws IllegalArgumentException if the first dimensions differ or labels are not integral [N]
     */
    public TensorDataset(Tensor inputs, Tensor labels) {
        if (inputs.dim() < 1) {
            throw new IllegalArgumentException("TensorDataset: inputs must have a sample dimension, got "
                    + inputs.describe());
        }
        if (labels.dim() != 1 || labels.dtype().isFloatingPoint() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("TensorDataset: labels must be an integer tensor of shape [N], got "
                    + labels.describe());
        }
        if (labels.size(0) != inputs.size(0)) {
            throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: inputs has "
                    + inputs.size(0) + " rows, labels has " + labels.size(0));
        }
        long[] shape = inputs.shape();
        this.rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        long rs = 1;
        for (long d : rowShape) {
            rs *= d;
        }
        this.rowSize = Math.toIntExact(rs);
        this.inputs = inputs.toFloatArray();
        this.labels = labels.toLongArray();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Sample get(int index) {
        Dataset.checkIndex("TensorDataset", index, labels.length);
        float[] row = Arrays.copyOfRange(inputs, index * rowSize, (index + 1) * rowSize);
        return new Sample(row, rowShape.clone(), labels[index]);
    }

    @Override
    public long target(int index) {
        return labels[Dataset.checkIndex("TensorDataset", index, labels.length)];
    }
}
