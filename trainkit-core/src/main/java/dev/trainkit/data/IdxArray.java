package dev.trainkit.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The contents of an IDX file: element type, dimensions and the data, as read by {@link Idx}.
 * MNIST-style files hold unsigned bytes; the other IDX types are supported for completeness.
 *
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));
 * images.shape();                 // [60000, 28, 28]
 * int px = images.unsignedByte(0);
 * }</pre>
 *
 * @param type the IDX type code: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double
 * @param shape the dimensions
 * @param data the elements, row-major, big-endian as in the file
 */
public record IdxArray(int type, int[] shape, byte[] data) {

    /** Validates the type code and that {@code data} holds exactly the elements of {@code shape}. */
    public IdxArray {
        int size = itemSize(type);
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n * size != data.length) {
            throw new IllegalArgumentException("IdxArray: shape " + Arrays.toString(shape) + " of type 0x"
                    + Integer.toHexString(type) + " needs " + n * size + " bytes, got " + data.length);
        }
    }

    /** Bytes per element of IDX type {@code type}. */
    public static int itemSize(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IllegalArgumentException("IDX: unknown element type 0x" + Integer.toHexString(type)
                    + ", expected one of 0x08 (ubyte), 0x09, 0x0B, 0x0C, 0x0D, 0x0E");
        };
    }

    /** The number of elements. */
    public int numel() {
        return data.length / itemSize(type);
    }

    /** Element {@code i} (row-major) of an unsigned-byte file, 0..255. */
    public int unsignedByte(int i) {
        if (type != 0x08) {
            throw new IllegalStateException("IdxArray: unsignedByte needs type 0x08 (ubyte), this file has 0x"
                    + Integer.toHexString(type));
        }
        return data[i] & 0xFF;
    }

    /** Every element converted to double, whatever the type. */
    public double[] toDoubles() {
        ByteBuffer buf = ByteBuffer.wrap(data); // big-endian, as IDX stores multi-byte values
        double[] out = new double[numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case 0x08 -> data[i] & 0xFF;
                case 0x09 -> data[i];
                case 0x0B -> buf.getShort(i * 2);
                case 0x0C -> buf.getInt(i * 4);
                case 0x0D -> buf.getFloat(i * 4);
                default -> buf.getDouble(i * 8);
            };
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && a.type == type && Arrays.equals(a.shape, shape) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray(type=0x" + Integer.toHexString(type) + ", shape=" + Arrays.toString(shape) + ")";
    }
}
