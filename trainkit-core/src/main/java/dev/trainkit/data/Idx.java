package dev.trainkit.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, gzipped or not (detected from the
 * content, not the name). The header is checked: two zero bytes, a known type code, a dimension
 * count; a file shorter than its header declares is an error saying how much is missing.
 *
 * <pre>{@code
 * IdxArray labels = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * // torchvision.datasets.mnist.read_sn3_pascalvincent_tensor(path)
 * }</pre>
 */
public final class Idx {
    private static final int MAX_DIMS = 8;

    private Idx() {
    }

    /** Reads the IDX file at {@code path}; errors name the file. */
    public static IdxArray read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /**
     * Reads an IDX stream, gunzipping it if it starts with the gzip magic bytes.
     *
     * @param name used in error messages (a file or resource name)
     * @throws IOException naming {@code name} for a bad magic number, an unknown type, or a
     *                     truncated or corrupt stream
     */
    public static IdxArray read(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream body = in;
        if (b0 == 0x1f && b1 == 0x8b) {
            body = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        DataInputStream data = new DataInputStream(body);
        int zero0;
        int zero1;
        int type;
        int ndim;
        try {
            zero0 = data.readUnsignedByte();
            zero1 = data.readUnsignedByte();
            type = data.readUnsignedByte();
            ndim = data.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException(name + ": truncated or not an IDX file: it ends inside the 4-byte magic number", e);
        }
        if (zero0 != 0 || zero1 != 0) {
            throw new IOException(name + ": not an IDX file: magic number must start with two zero bytes, got 0x"
                    + String.format("%02x%02x%02x%02x", zero0, zero1, type, ndim));
        }
        int itemSize;
        try {
            itemSize = IdxArray.itemSize(type);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
        if (ndim < 1 || ndim > MAX_DIMS) {
            throw new IOException(name + ": IDX dimension count must be 1.." + MAX_DIMS + ", got " + ndim);
        }
        int[] shape = new int[ndim];
        long n = 1;
        for (int i = 0; i < ndim; i++) {
            try {
                shape[i] = data.readInt();
            } catch (EOFException e) {
                throw new IOException(name + ": truncated IDX file: header declares " + ndim
                        + " dimensions but ends after " + i, e);
            }
            if (shape[i] < 0) {
                throw new IOException(name + ": IDX dimension " + i + " is negative: " + shape[i]);
            }
            n *= shape[i];
        }
        long bytes = n * itemSize;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": IDX data of " + bytes + " bytes is too large for one Java array");
        }
        byte[] buf = new byte[(int) bytes];
        int got;
        try {
            got = data.readNBytes(buf, 0, buf.length);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            // a gzip stream cut short or damaged: say so rather than zlib's bare message
            throw new IOException(name + ": truncated or corrupt gzip stream while reading " + bytes
                    + " bytes of IDX data " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
        if (got < buf.length) {
            throw new IOException(name + ": truncated IDX file: header declares " + java.util.Arrays.toString(shape)
                    + " = " + bytes + " bytes of data, but only " + got + " follow");
        }
        return new IdxArray(type, shape, buf);
    }
}
