package dev.trainkit.io;

import java.util.Arrays;

/**
 * Turns a tensor's view of a storage (offset, size, stride) into contiguous row-major bytes, the
 * way {@code tensor.contiguous()} would, after checking that the view stays inside the storage.
 */
final class StorageViews {
    private StorageViews() {
    }

    /** Throws unless every element of {@code t} lies within a root storage of {@code storageBytes} bytes. */
    static void checkBounds(StoredTensor t, long storageBytes, String name, String source) throws WeightsFormatException {
        int item = t.storage().dtype().itemSize();
        long numel;
        try {
            numel = t.numel();
        } catch (ArithmeticException e) {
            throw new WeightsFormatException(source + ": tensor '" + name + "' has an impossible shape " + Arrays.toString(t.size()));
        }
        if (numel == 0) {
            return;
        }
        long last = t.storage().elementOffset() + t.offset();
        for (int i = 0; i < t.size().length; i++) {
            last += (t.size()[i] - 1) * t.stride()[i];
        }
        long needed = (last + 1) * item;
        if (last < 0 || needed > storageBytes) {
            throw new WeightsFormatException(source + ": tensor '" + name + "' (" + t.info() + ", offset " + t.offset()
                    + ", stride " + Arrays.toString(t.stride()) + ") needs " + needed + " bytes of storage '"
                    + t.storage().key() + "', which has " + storageBytes + "; the file is truncated or corrupt");
        }
    }

    /** Contiguous bytes of {@code t} from its root storage bytes, byte-swapped to little-endian if needed. */
    static byte[] gather(StoredTensor t, byte[] storage, boolean bigEndian, String name, String source)
            throws WeightsFormatException {
        checkBounds(t, storage.length, name, source);
        int item = t.storage().dtype().itemSize();
        long total = t.numel() * item;
        if (total > Integer.MAX_VALUE - 8) {
            throw new WeightsFormatException(source + ": tensor '" + name + "' has " + total
                    + " bytes, more than a Java array holds (2 GB)");
        }
        byte[] out = new byte[(int) total];
        long[] size = t.size();
        long[] stride = t.stride();
        long base = t.storage().elementOffset() + t.offset();
        if (isContiguous(size, stride)) {
            System.arraycopy(storage, (int) (base * item), out, 0, out.length);
        } else {
            long[] idx = new long[size.length];
            long src = base;
            for (int o = 0; o < out.length; o += item) {
                System.arraycopy(storage, (int) (src * item), out, o, item);
                // odometer increment over the dims, last dim fastest (row-major)
                for (int d = size.length - 1; d >= 0; d--) {
                    if (++idx[d] < size[d]) {
                        src += stride[d];
                        break;
                    }
                    src -= (idx[d] - 1) * stride[d];
                    idx[d] = 0;
                }
            }
        }
        if (bigEndian && item > 1) {
            for (int o = 0; o < out.length; o += item) {
                for (int i = 0, j = item - 1; i < j; i++, j--) {
                    byte b = out[o + i];
                    out[o + i] = out[o + j];
                    out[o + j] = b;
                }
            }
        }
        return out;
    }

    /** Row-major contiguity, ignoring the strides of size-1 dims (as PyTorch does). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
