package dev.trainkit.tensor;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;

/**
 * The {@code torch} namespace: tensor creation ({@code zeros}, {@code randn}, {@code tensor}),
 * multi-tensor ops ({@code cat}, {@code stack}, {@code where}) and process-wide settings
 * ({@code manualSeed}, threads, version).
 *
 * <pre>{@code
 * Torch.manualSeed(0);                                 // torch.manual_seed(0)
 * Tensor x = Torch.randn(4, 3);                        // torch.randn(4, 3)
 * Tensor y = Torch.tensor(new float[] {1, 2, 3, 4}, 2, 2);
 * Tensor z = Torch.cat(List.of(x, x), 0);              // torch.cat([x, x], 0)
 * }</pre>
 */
public final class Torch {
    static {
        Natives.ensureLoaded();
    }

    private Torch() {
    }

    // ---------------------------------------------------------------- creation

    static TensorOptions options(DType dtype) {
        return new TensorOptions(dtype.scalarType());
    }

    static org.bytedeco.pytorch.Device nativeDevice(Device d) {
        return d.isCuda() ? new org.bytedeco.pytorch.Device(DeviceType.CUDA, (byte) d.index())
                : new org.bytedeco.pytorch.Device(DeviceType.CPU);
    }

    private static long[] checkShape(String op, long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape)
                        + " must not contain negative sizes");
            }
        }
        return shape;
    }

    /** A float32 tensor of zeros ({@code torch.zeros(*shape)}). */
    public static Tensor zeros(long... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** A tensor of zeros of {@code dtype}. */
    public static Tensor zeros(DType dtype, long... shape) {
        return Tensor.op("zeros", () -> torch.zeros(checkShape("zeros", shape), options(dtype)));
    }

    /** A float32 tensor of ones ({@code torch.ones(*shape)}). */
    public static Tensor ones(long... shape) {
        return ones(DType.FLOAT32, shape);
    }

    /** A tensor of ones of {@code dtype}. */
    public static Tensor ones(DType dtype, long... shape) {
        return Tensor.op("ones", () -> torch.ones(checkShape("ones", shape), options(dtype)));
    }

    /** A float32 tensor filled with {@code value} ({@code torch.full(shape, value)}). */
    public static Tensor full(long[] shape, double value) {
        return full(shape, value, DType.FLOAT32);
    }

    /** A tensor of {@code dtype} filled with {@code value}. */
    public static Tensor full(long[] shape, double value, DType dtype) {
        return Tensor.op("full", () -> torch.full(checkShape("full", shape), new Scalar(value), options(dtype)));
    }

    /** {@code [0, end)} as int64 ({@code torch.arange(end)}). */
    public static Tensor arange(long end) {
        return arange(0, end, 1);
    }

    /** {@code [start, end)} with {@code step} as int64. */
    public static Tensor arange(long start, long end, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be non-zero");
        }
        return Tensor.op("arange", () -> torch.arange(new Scalar(start), new Scalar(end), new Scalar(step),
                options(DType.INT64)));
    }

    /** {@code [start, end)} with {@code step} as float32 ({@code torch.arange(0., 1., 0.1)}). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be non-zero");
        }
        return Tensor.op("arange", () -> torch.arange(new Scalar(start), new Scalar(end), new Scalar(step),
                options(DType.FLOAT32)));
    }

    /** {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        return Tensor.op("linspace", () -> torch.linspace(new Scalar(start), new Scalar(end), steps,
                options(DType.FLOAT32)));
    }

    /** The n×n float32 identity ({@code torch.eye(n)}). */
    public static Tensor eye(long n) {
        return eye(n, n);
    }

    /** The n×m float32 identity. */
    public static Tensor eye(long n, long m) {
        if (n < 0 || m < 0) {
            throw new IllegalArgumentException("eye: sizes must be >= 0, got " + n + "x" + m);
        }
        return Tensor.op("eye", () -> torch.eye(n, m, options(DType.FLOAT32)));
    }

    /** Float32 samples of U[0, 1) ({@code torch.rand(*shape)}). */
    public static Tensor rand(long... shape) {
        return Tensor.op("rand", () -> torch.rand(checkShape("rand", shape), options(DType.FLOAT32)));
    }

    /** Float32 samples of N(0, 1) ({@code torch.randn(*shape)}). */
    public static Tensor randn(long... shape) {
        return randn(DType.FLOAT32, shape);
    }

    /** Samples of N(0, 1) of a floating {@code dtype}. */
    public static Tensor randn(DType dtype, long... shape) {
        return Tensor.op("randn", () -> torch.randn(checkShape("randn", shape), options(dtype)));
    }

    /** Int64 samples uniform in {@code [low, high)} ({@code torch.randint(low, high, shape)}). */
    public static Tensor randint(long low, long high, long... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: expected low < high, got low=" + low + ", high=" + high);
        }
        return Tensor.op("randint", () -> torch.randint(low, high, checkShape("randint", shape),
                options(DType.INT64)));
    }

    /**
     * A random permutation of {@code [0, n)} as int64 drawn from {@code generator}
     * ({@code torch.randperm(n, generator=g)}): PyTorch's numbers for the same seed and history.
     */
    public static Tensor randperm(long n, Generator generator) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
        }
        return Tensor.op("randperm", () -> torch.randperm(n, generator.optional(), options(DType.INT64)));
    }

    /**
     * {@code numSamples} indices drawn from the rows of {@code input} (non-negative weights, 1-D or
     * 2-D) with or without replacement, from {@code generator}
     * ({@code torch.multinomial(input, num_samples, replacement, generator=g)}): PyTorch's numbers
     * for the same seed and history.
     */
    public static Tensor multinomial(Tensor input, long numSamples, boolean replacement, Generator generator) {
        return Tensor.op("multinomial", () -> torch.multinomial(input.handle(), numSamples, replacement,
                generator.optional()), input);
    }

    /** A random permutation of {@code [0, n)} as int64 ({@code torch.randperm(n)}). */
    public static Tensor randperm(long n) {
        return Tensor.op("randperm", () -> torch.randperm(n, options(DType.INT64)));
    }

    /** A float32 tensor with {@code data} laid out row-major in {@code shape}. */
    public static Tensor tensor(float[] data, long... shape) {
        return TensorData.fromFloats(data, shape.length == 0 && data.length != 1 ? new long[] {data.length} : shape);
    }

    /** A float64 tensor with {@code data} laid out row-major in {@code shape}. */
    public static Tensor tensor(double[] data, long... shape) {
        return TensorData.fromDoubles(data, shape.length == 0 && data.length != 1 ? new long[] {data.length} : shape);
    }

    /** An int64 tensor with {@code data} laid out row-major in {@code shape}. */
    public static Tensor tensor(long[] data, long... shape) {
        return TensorData.fromLongs(data, shape.length == 0 && data.length != 1 ? new long[] {data.length} : shape);
    }

    /** An int32 tensor with {@code data} laid out row-major in {@code shape}. */
    public static Tensor tensor(int[] data, long... shape) {
        return TensorData.fromInts(data, shape.length == 0 && data.length != 1 ? new long[] {data.length} : shape);
    }

    /** A bool tensor with {@code data} laid out row-major in {@code shape}. */
    public static Tensor tensor(boolean[] data, long... shape) {
        return TensorData.fromBooleans(data, shape.length == 0 && data.length != 1 ? new long[] {data.length} : shape);
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor tensor(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("tensor(float[][]): row " + i + " has " + rows[i].length
                        + " elements, expected " + cols + " like row 0");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return TensorData.fromFloats(flat, new long[] {rows.length, cols});
    }

    /** A 0-d float32 tensor holding {@code v} ({@code torch.tensor(v)}). */
    public static Tensor scalar(double v) {
        return Tensor.op("scalar_tensor", () -> torch.scalar_tensor(new Scalar(v), options(DType.FLOAT32)));
    }

    /** A 0-d tensor of {@code dtype} holding {@code v}. */
    public static Tensor scalar(double v, DType dtype) {
        return Tensor.op("scalar_tensor", () -> torch.scalar_tensor(new Scalar(v), options(dtype)));
    }

    /** A tensor from raw little-endian bytes of {@code dtype} (used by file readers). */
    public static Tensor fromBytes(byte[] data, DType dtype, long... shape) {
        return TensorData.fromBytes(data, shape, dtype);
    }

    /** The raw little-endian bytes of a tensor in its own dtype (used by file writers). */
    public static byte[] toBytes(Tensor t) {
        return TensorData.toBytes(t);
    }

    /** Zeros shaped like {@code t}, same dtype and device. */
    public static Tensor zerosLike(Tensor t) {
        return Tensor.op("zeros_like", () -> torch.zeros_like(t.handle()), t);
    }

    /** Ones shaped like {@code t}, same dtype and device. */
    public static Tensor onesLike(Tensor t) {
        return Tensor.op("ones_like", () -> torch.ones_like(t.handle()), t);
    }

    /** N(0, 1) samples shaped like {@code t}. */
    public static Tensor randnLike(Tensor t) {
        return Tensor.op("randn_like", () -> torch.randn_like(t.handle()), t);
    }

    // ---------------------------------------------------------------- multi-tensor ops

    private static TensorVector vector(List<Tensor> ts) {
        TensorVector v = new TensorVector();
        for (Tensor t : ts) {
            v.push_back(t.handle());
        }
        return v;
    }

    /** Concatenates along {@code dim} ({@code torch.cat}). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        return Tensor.op("cat", () -> torch.cat(vector(tensors), dim), tensors.toArray(new Tensor[0]));
    }

    /** Stacks along a new dimension {@code dim} ({@code torch.stack}). */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        return Tensor.op("stack", () -> torch.stack(vector(tensors), dim), tensors.toArray(new Tensor[0]));
    }

    /** {@code a} where {@code condition} is true, else {@code b} ({@code torch.where}). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Tensor.op("where", () -> torch.where(condition.handle(), a.handle(), b.handle()), condition, a, b);
    }

    /**
     * One-hot encoding of int64 class indices ({@code F.one_hot(t, numClasses)}): int64, one more
     * dimension of size {@code numClasses}.
     */
    public static Tensor oneHot(Tensor indices, long numClasses) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("one_hot: expected int64 class indices, got " + indices.describe());
        }
        return Tensor.op("one_hot", () -> torch.one_hot(indices.handle(), numClasses), indices);
    }

    // ---------------------------------------------------------------- global state

    /**
     * Seeds libtorch's default CPU generator (and CUDA's, when present), as
     * {@code torch.manual_seed(seed)}: the same seed gives the same random numbers on every run.
     */
    public static void manualSeed(long seed) {
        torch.manual_seed(seed);
    }

    /** Number of intra-op threads libtorch uses, {@code torch.get_num_threads()}. */
    public static int numThreads() {
        return torch.get_num_threads();
    }

    /**
     * Sets the number of intra-op threads, {@code torch.set_num_threads(n)}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setNumThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setNumThreads: n must be >= 1, got " + n);
        }
        torch.set_num_threads(n);
    }

    /** The version of the bundled libtorch presets, e.g. {@code 2.10.0-1.5.13}. */
    public static String version() {
        String v = torch.class.getPackage().getImplementationVersion();
        return v == null ? "2.10.0" : v;
    }
}
