package dev.trainkit.io;

import dev.trainkit.tensor.DType;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy format of {@code torch.save} (before PyTorch 1.6, still written with
 * {@code _use_new_zipfile_serialization=False}; torchvision's original weights use it): four pickles
 * in a row (magic number, protocol version 1001, sys_info, the object), a pickled list of storage
 * keys, then each storage as an 8-byte element count followed by its raw bytes.
 */
final class LegacyPth implements PthArchive {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private final Path file;
    private final String source;
    private final Object root;
    private final boolean bigEndian;
    private final Map<String, DType> dtypes = new HashMap<>();
    /** key -> {offset of the first data byte, number of bytes}. */
    private final Map<String, long[]> storages = new HashMap<>();

    LegacyPth(Path file) throws IOException {
        this.file = file;
        this.source = file.getFileName().toString();
        List<?> keys;
        long pos;
        try (CountingStream in = new CountingStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Object magic = plain(in);
            if (!MAGIC.equals(magic)) {
                throw new WeightsFormatException(source + ": invalid magic number " + PickleGlobals.describe(magic)
                        + ", expected 0x" + MAGIC.toString(16) + " (legacy torch.save format); corrupt file?");
            }
            Object version = plain(in);
            if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
                throw new WeightsFormatException(source + ": legacy protocol version " + PickleGlobals.describe(version)
                        + " is not supported, expected " + PROTOCOL_VERSION);
            }
            Object sysInfo = plain(in);
            this.bigEndian = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"));
            this.root = new SafeUnpickler(in, source, this::persistentLoad).load();
            Object k = plain(in);
            if (!(k instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
                throw new WeightsFormatException(source + ": expected the list of storage keys after the object, got "
                        + PickleGlobals.describe(k));
            }
            keys = l;
            pos = in.count;
        }
        indexStorages(keys, pos);
    }

    private Object plain(InputStream in) throws IOException {
        return new SafeUnpickler(in, source, pid -> {
            throw new WeightsFormatException(source + ": unexpected persistent id in a legacy header pickle");
        }).load();
    }

    /** Walks the storage headers (count, bytes) without reading the data, checking each fits in the file. */
    private void indexStorages(List<?> keys, long pos) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(8).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (Object o : keys) {
                String key = (String) o;
                DType dtype = dtypes.get(key);
                if (dtype == null) {
                    throw new WeightsFormatException(source + ": storage key '" + key + "' is listed but no tensor uses it");
                }
                header.clear();
                while (header.hasRemaining()) {
                    if (ch.read(header, pos + header.position()) < 0) {
                        throw new WeightsFormatException(source + ": truncated: the header of storage '" + key
                                + "' at byte " + pos + " is past the end of the file (" + size + " bytes)");
                    }
                }
                long count = header.flip().getLong();
                long bytes = count < 0 || count > size ? -1 : count * dtype.itemSize();
                if (bytes < 0 || pos + 8 + bytes > size) {
                    throw new WeightsFormatException(source + ": truncated: storage '" + key + "' needs " + count
                            + " " + dtype + " elements at byte " + (pos + 8) + ", but the file has " + size + " bytes");
                }
                storages.put(key, new long[] {pos + 8, bytes});
                pos += 8 + bytes;
            }
        }
    }

    private Object persistentLoad(List<Object> pid) throws IOException {
        if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(2) instanceof String key)) {
            throw new WeightsFormatException(source + ": unsupported persistent id " + pid.stream()
                    .map(PickleGlobals::describe).toList() + ", expected ('storage', type, key, location, numel, view)");
        }
        DType dtype = PickleGlobals.storageDType(pid.get(1));
        if (dtype == null) {
            throw new WeightsFormatException(source + ": storage '" + key + "' has unsupported type "
                    + PickleGlobals.describe(pid.get(1)) + ", expected one of " + PickleGlobals.STORAGES.keySet());
        }
        DType before = dtypes.putIfAbsent(key, dtype);
        if (before != null && before != dtype) {
            throw new WeightsFormatException(source + ": storage '" + key + "' is used as both " + before + " and " + dtype);
        }
        long numel = PickleGlobals.toLong(pid.get(4), source, "storage size");
        Object view = pid.size() > 5 ? pid.get(5) : null;
        if (view == null) {
            return new StorageRef(key, dtype, numel, 0);
        }
        // (view_key, offset, size): a storage slice, written by PyTorch < 0.4; offsets are in elements
        if (!(view instanceof List<?> v) || v.size() != 3) {
            throw new WeightsFormatException(source + ": storage '" + key + "' has a malformed view " + PickleGlobals.describe(view));
        }
        return new StorageRef(key, dtype, PickleGlobals.toLong(v.get(2), source, "view size"),
                PickleGlobals.toLong(v.get(1), source, "view offset"));
    }

    private long[] storage(String key) throws WeightsFormatException {
        long[] s = storages.get(key);
        if (s == null) {
            throw new WeightsFormatException(source + ": storage '" + key + "' is missing from the storage list");
        }
        return s;
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public long storageBytes(String key) throws IOException {
        return storage(key)[1];
    }

    @Override
    public byte[] readStorage(String key) throws IOException {
        long[] s = storage(key);
        if (s[1] > Integer.MAX_VALUE - 8) {
            throw new WeightsFormatException(source + ": storage '" + key + "' has " + s[1]
                    + " bytes, more than a Java array holds (2 GB)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) s[1]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, s[0] + buf.position()) < 0) {
                    throw new WeightsFormatException(source + ": storage '" + key + "' is short: the file changed while reading");
                }
            }
        }
        return buf.array();
    }

    @Override
    public boolean bigEndian() {
        return bigEndian;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        // storages are read with a channel opened per call; nothing stays open
    }

    /** Counts the bytes the unpicklers consumed, to find where the raw storages start. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
