package dev.trainkit.io;

import dev.trainkit.util.AtomicFiles;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the zip format of {@code torch.save} (PyTorch >= 1.6), which {@code torch.load} reads back,
 * also with {@code weights_only=True}. A map whose values are all tensors is written as an
 * {@code OrderedDict} (a state dict); other maps as {@code dict}, so checkpoints can carry metadata:
 * values may be tensors, maps, lists, strings, integers, floats, booleans and {@code null}.
 * The file is written atomically ({@link AtomicFiles}).
 *
 * <pre>{@code
 * PthWriter.save(model.stateDict(), Path.of("model.pth"));   // torch.save(model.state_dict(), "model.pth")
 * PthWriter.save(Map.of("state_dict", sd, "epoch", 3), Path.of("ckpt.pth"));
 * }</pre>
 *
 * <p>Each tensor is written contiguous with its own storage, with {@code requires_grad=False} as
 * {@code state_dict()} tensors are; storage records are stored uncompressed and 64-byte aligned
 * like PyTorch's writer, so they can be memory-mapped.
 */
public final class PthWriter {
    private static final String ARCHIVE = "archive/";
    private static final int ALIGNMENT = 64;

    private final PickleWriter pickle = new PickleWriter();
    /** Tensors in storage-key order; the same tensor object written twice shares one storage. */
    private final List<Tensor> storages = new ArrayList<>();
    private final Map<Tensor, Integer> keys = new IdentityHashMap<>();

    private PthWriter() {
    }

    /**
     * Writes {@code obj} to {@code file} as {@code torch.save(obj, file)} would.
     *
     * @throws IllegalArgumentException for a value that has no pickle form here (before the file is touched)
     * @throws IOException if writing fails; {@code file} is then unchanged
     */
    public static void save(Map<?, ?> obj, Path file) throws IOException {
        PthWriter w = new PthWriter();
        w.value(obj, "");
        byte[] pkl = w.pickle.finish();
        AtomicFiles.write(file, out -> w.writeZip(out, pkl));
    }

    private void value(Object o, String path) {
        if (o instanceof Tensor t) {
            tensor(t);
        } else if (o instanceof Map<?, ?> m) {
            map(m, path);
        } else if (o instanceof List<?> l) {
            pickle.listStart();
            for (int i = 0; i < l.size(); i++) {
                value(l.get(i), path + "[" + i + "]");
            }
            pickle.appendsFromMark();
        } else if (o == null) {
            pickle.none();
        } else if (o instanceof String s) {
            pickle.string(s);
        } else if (o instanceof Boolean b) {
            pickle.bool(b);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            pickle.integer(((Number) o).longValue());
        } else if (o instanceof BigInteger b) {
            pickle.bigInteger(b);
        } else if (o instanceof Double || o instanceof Float) {
            pickle.floating(((Number) o).doubleValue());
        } else {
            throw new IllegalArgumentException("PthWriter: value at '" + path + "' is a " + o.getClass().getName()
                    + "; expected a Tensor, Map, List, String, Boolean, integer, floating-point number or null");
        }
    }

    private void map(Map<?, ?> m, String path) {
        boolean stateDict = !m.isEmpty() && m.values().stream().allMatch(v -> v instanceof Tensor);
        if (stateDict) {
            pickle.global("collections", "OrderedDict");
            pickle.emptyTuple();
            pickle.reduce();
        } else {
            pickle.emptyDict();
        }
        if (m.isEmpty()) {
            return;
        }
        pickle.mark();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            String sub = path.isEmpty() ? String.valueOf(k) : path + "." + k;
            if (k instanceof String s) {
                pickle.string(s);
            } else if (k instanceof Long || k instanceof Integer) {
                pickle.integer(((Number) k).longValue());
            } else {
                throw new IllegalArgumentException("PthWriter: key '" + sub + "' is a "
                        + (k == null ? "null" : k.getClass().getName()) + "; expected a String or an integer");
            }
            value(e.getValue(), sub);
        }
        pickle.setItemsFromMark();
    }

    private void tensor(Tensor t) {
        Integer key = keys.get(t);
        if (key == null) {
            key = storages.size();
            keys.put(t, key);
            storages.add(t);
        }
        long[] shape = t.shape();
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.mark();
        pickle.mark(); // persistent id ('storage', torch.FloatStorage, key, 'cpu', numel)
        pickle.string("storage");
        pickle.global("torch", storageClass(t.dtype()));
        pickle.string(Integer.toString(key));
        pickle.string("cpu");
        pickle.integer(t.numel());
        pickle.tupleFromMark();
        pickle.persistentId();
        pickle.integer(0); // storage offset
        pickle.longTuple(shape);
        pickle.longTuple(stride);
        pickle.bool(false); // requires_grad, as state_dict() tensors
        pickle.global("collections", "OrderedDict"); // backward hooks: none
        pickle.emptyTuple();
        pickle.reduce();
        pickle.tupleFromMark();
        pickle.reduce();
    }

    static String storageClass(DType d) {
        for (Map.Entry<String, DType> e : PickleGlobals.STORAGES.entrySet()) {
            if (e.getValue() == d) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("PthWriter: dtype " + d + " has no torch storage class");
    }

    private void writeZip(OutputStream raw, byte[] pkl) throws IOException {
        CountingStream counted = new CountingStream(raw);
        try (ZipOutputStream zip = new ZipOutputStream(counted)) {
            entry(zip, counted, ARCHIVE + "data.pkl", pkl);
            entry(zip, counted, ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                entry(zip, counted, ARCHIVE + "data/" + i, Torch.toBytes(storages.get(i)));
            }
            entry(zip, counted, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A stored entry whose data starts on a 64-byte boundary, padded with an extra field as PyTorch does. */
    private static void entry(ZipOutputStream zip, CountingStream counted, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        // a fixed DOS time keeps files reproducible; a time outside the DOS range would make
        // ZipOutputStream add an extended-timestamp field and break the alignment computed below
        e.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0));
        int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
        long dataStart = counted.count + 30 + nameLen + 4; // local header, name, extra field header
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F'; // header id "FB", PyTorch's padding field
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >> 8);
        for (int i = 4; i < extra.length; i++) {
            extra[i] = 'Z';
        }
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
