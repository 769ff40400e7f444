package dev.trainkit.io;

import dev.trainkit.tensor.DType;
import java.util.Arrays;

/**
 * The dtype and shape of a tensor in a weights file, read without loading its values (what
 * {@code trainkit weights inspect} prints).
 *
 * <pre>{@code
 * Map<String, TensorInfo> info = WeightsFiles.inspect(Path.of("resnet18-f37072fd.pth"));
 * info.get("fc.weight").shape();   // [1000, 512], like sd["fc.weight"].shape in PyTorch
 * }</pre>
 *
 * @param dtype the element type
 * @param shape the sizes of each dimension (a copy is kept)
 */
public record TensorInfo(DType dtype, long[] shape) {
    /** Keeps a copy of {@code shape} so the record stays immutable. */
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.pyName() + Arrays.toString(shape);
    }
}
