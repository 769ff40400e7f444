package dev.trainkit.tensor;

import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 and 2): little-endian float32,
 * float64, int64, int32, bool and uint8 arrays in C order, as {@code numpy.load}/{@code numpy.save}.
 * Fortran-order and big-endian files are refused with a clear error. Writes go to a temporary
 * file that is renamed into place, so a half-written file never appears under the final name.
 *
 * <pre>{@code
 * Tensor x = Npy.load(Path.of("x.npy"));       // torch.from_numpy(np.load("x.npy"))
 * Npy.save(Path.of("grad.npy"), x.grad());     // np.save("grad.npy", x.grad.numpy())
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Loads a {@code .npy} file as a CPU tensor of the file's dtype and shape.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a supported {@code .npy} file, naming the reason
     */
    public static Tensor load(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String where = "npy " + path + ": ";
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IllegalArgumentException(where + "not a NumPy .npy file (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IllegalArgumentException(where + "truncated header");
            }
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new IllegalArgumentException(where + "unsupported .npy format version " + major
                    + " (supported: 1, 2, 3)");
        }
        if (headerStart + headerLen > bytes.length) {
            throw new IllegalArgumentException(where + "truncated header (" + headerLen + " bytes announced, "
                    + (bytes.length - headerStart) + " present)");
        }
        String header = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where, "descr");
        if ("True".equals(group(FORTRAN, header, where, "fortran_order"))) {
            throw new IllegalArgumentException(where + "fortran_order=True is not supported; save a C-order array"
                    + " (np.ascontiguousarray(a))");
        }
        DType dtype = dtypeOf(descr, where);
        long[] shape = parseShape(group(SHAPE, header, where, "shape"), where);
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        int dataStart = (int) (headerStart + headerLen);
        long need = n * dtype.itemSize();
        if (bytes.length - dataStart != need) {
            throw new IllegalArgumentException(where + "expected " + need + " data bytes for " + dtype
                    + Arrays.toString(shape) + ", found " + (bytes.length - dataStart));
        }
        return Torch.fromBytes(Arrays.copyOfRange(bytes, dataStart, bytes.length), dtype, shape);
    }

    private static String group(Pattern p, String header, String where, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(where + "header has no '" + key + "' entry: " + header.strip());
        }
        return m.group(1);
    }

    private static DType dtypeOf(String descr, String where) {
        if (descr.startsWith(">")) {
            throw new IllegalArgumentException(where + "big-endian dtype '" + descr + "' is not supported; save with"
                    + " a little-endian dtype (a.astype(a.dtype.newbyteorder('<')))");
        }
        return switch (descr) {
            case "<f4" -> DType.FLOAT32;
            case "<f8" -> DType.FLOAT64;
            case "<i8" -> DType.INT64;
            case "<i4" -> DType.INT32;
            case "|b1" -> DType.BOOL;
            case "|u1", "<u1" -> DType.UINT8;
            default -> throw new IllegalArgumentException(where + "unsupported dtype '" + descr
                    + "'; supported: <f4 (float32), <f8 (float64), <i8 (int64), <i4 (int32), |b1 (bool), |u1 (uint8)");
        };
    }

    private static long[] parseShape(String s, String where) {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            p = p.endsWith("L") ? p.substring(0, p.length() - 1) : p;
            try {
                long d = Long.parseLong(p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "bad shape (" + s + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String descrOf(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case BOOL -> "|b1";
            case UINT8 -> "|u1";
            default -> throw new IllegalArgumentException("npy: cannot save " + dtype
                    + "; supported: float32, float64, int64, int32, bool, uint8 (convert with t.to(...))");
        };
    }

    /**
     * Saves {@code t} (any device, copied to the CPU) as a C-order little-endian {@code .npy} file,
     * version 1 (version 2 only if the header needs it), written atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void save(Path path, Tensor t) throws IOException {
        String descr = descrOf(t.dtype());
        long[] shape = t.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        sh.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        byte[] data = Torch.toBytes(t);
        int prefix = 10;
        int total = prefix + dict.length() + 1;
        int version = 1;
        if (total + 63 > 65535 + prefix) {
            version = 2;
            prefix = 12;
            total = prefix + dict.length() + 1;
        }
        int pad = (64 - total % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) header.length);
        } else {
            out.putInt(header.length);
        }
        out.put(header).put(data);
        AtomicFiles.write(path, out.array());
    }
}
