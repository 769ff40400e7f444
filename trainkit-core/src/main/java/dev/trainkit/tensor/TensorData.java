package dev.trainkit.tensor;

import java.lang.ref.Reference;
import java.util.function.LongFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** Copies between Java arrays and tensor storage (CPU, contiguous, row-major). */
final class TensorData {
    private TensorData() {
    }

    static long checkShape(long[] shape, long length, String what) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(what + ": shape " + java.util.Arrays.toString(shape)
                        + " has a negative size");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException(what + ": shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " elements, but the array has " + length);
        }
        return n;
    }

    private static org.bytedeco.pytorch.Tensor empty(long[] shape, DType dtype) {
        return torch.empty(shape, new TensorOptions(dtype.scalarType()), new org.bytedeco.pytorch.MemoryFormatOptional());
    }

    /** An uninitialised tensor of {@code shape} and {@code dtype} whose storage {@code fill} writes. */
    private static Tensor filled(long[] shape, int length, DType dtype, String what,
            java.util.function.Consumer<org.bytedeco.javacpp.Pointer> fill) {
        checkShape(shape, length, what);
        org.bytedeco.pytorch.Tensor t = empty(shape, dtype);
        if (length > 0) {
            fill.accept(t.data_ptr());
        }
        return new Tensor(t);
    }

    static Tensor fromFloats(float[] data, long[] shape) {
        return filled(shape, data.length, DType.FLOAT32, "tensor(float[])",
                p -> new FloatPointer(p).put(data, 0, data.length));
    }

    static Tensor fromDoubles(double[] data, long[] shape) {
        return filled(shape, data.length, DType.FLOAT64, "tensor(double[])",
                p -> new DoublePointer(p).put(data, 0, data.length));
    }

    static Tensor fromLongs(long[] data, long[] shape) {
        return filled(shape, data.length, DType.INT64, "tensor(long[])",
                p -> new LongPointer(p).put(data, 0, data.length));
    }

    static Tensor fromInts(int[] data, long[] shape) {
        return filled(shape, data.length, DType.INT32, "tensor(int[])",
                p -> new IntPointer(p).put(data, 0, data.length));
    }

    static Tensor fromBytes(byte[] data, long[] shape, DType dtype) {
        checkShape(shape, data.length / dtype.itemSize(), "tensor(bytes)");
        if (data.length % dtype.itemSize() != 0) {
            throw new IllegalArgumentException("tensor(bytes): " + data.length + " bytes is not a multiple of "
                    + dtype + "'s item size " + dtype.itemSize());
        }
        org.bytedeco.pytorch.Tensor t = empty(shape, dtype);
        if (data.length > 0) {
            new BytePointer(t.data_ptr()).put(data, 0, data.length);
        }
        return new Tensor(t);
    }

    static Tensor fromBooleans(boolean[] data, long[] shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            b[i] = (byte) (data[i] ? 1 : 0);
        }
        return fromBytes(b, shape, DType.BOOL);
    }

    /** A contiguous CPU tensor of {@code dtype} holding the same values (may be {@code t} itself). */
    private static org.bytedeco.pytorch.Tensor cpuContiguous(Tensor t, DType dtype) {
        org.bytedeco.pytorch.Tensor h = t.handle();
        if (!h.device().is_cpu()) {
            h = h.to(new org.bytedeco.pytorch.Device(torch.DeviceType.CPU), h.scalar_type());
        }
        if (h.scalar_type().value != dtype.scalarType().value) {
            h = h.to(dtype.scalarType());
        }
        return h.contiguous();
    }

    /**
     * {@code t}'s values as {@code dtype}, copied out of its contiguous CPU storage into the array
     * {@code alloc} makes for the storage's byte count, by {@code read(data pointer, array, length)}.
     */
    private static <A> A copyOut(Tensor t, DType dtype, LongFunction<A> alloc, ArrayReader<A> read) {
        checkSize(t);
        org.bytedeco.pytorch.Tensor c = cpuContiguous(t, dtype);
        A out = alloc.apply(c.numel() * c.element_size());
        int length = java.lang.reflect.Array.getLength(out);
        if (length > 0) {
            read.read(c.data_ptr(), out, length);
        }
        Reference.reachabilityFence(c); // c may own the only copy of the data being read
        return out;
    }

    /** A bulk read of {@code length} elements from native memory into a Java array. */
    @FunctionalInterface
    private interface ArrayReader<A> {
        void read(Pointer data, A out, int length);
    }

    static float[] toFloatArray(Tensor t) {
        return copyOut(t, DType.FLOAT32, bytes -> new float[(int) (bytes / 4)],
                (p, out, n) -> new FloatPointer(p).get(out, 0, n));
    }

    static double[] toDoubleArray(Tensor t) {
        return copyOut(t, DType.FLOAT64, bytes -> new double[(int) (bytes / 8)],
                (p, out, n) -> new DoublePointer(p).get(out, 0, n));
    }

    static long[] toLongArray(Tensor t) {
        return copyOut(t, DType.INT64, bytes -> new long[(int) (bytes / 8)],
                (p, out, n) -> new LongPointer(p).get(out, 0, n));
    }

    /** Raw bytes of a tensor in its own dtype, little-endian as stored on x86 (used by writers). */
    static byte[] toBytes(Tensor t) {
        return copyOut(t, t.dtype(), bytes -> {
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor too large for a Java byte array: " + t.describe());
            }
            return new byte[(int) bytes];
        }, (p, out, n) -> new BytePointer(p).get(out, 0, n));
    }

    private static void checkSize(Tensor t) {
        if (t.numel() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large for a Java array: " + t.describe());
        }
    }
}
