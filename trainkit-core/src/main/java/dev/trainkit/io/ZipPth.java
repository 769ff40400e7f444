package dev.trainkit.io;

import dev.trainkit.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip format of {@code torch.save} (PyTorch >= 1.6): {@code <folder>/data.pkl} plus one record
 * {@code <folder>/data/<key>} per storage. The folder is named after the file by PyTorch 1.x and
 * {@code archive} by 2.x, so any single top folder is accepted.
 */
final class ZipPth implements PthArchive {
    private final ZipFile zip;
    private final String source;
    private final String prefix;
    private final boolean bigEndian;
    private final Object root;

    ZipPth(Path file) throws IOException {
        this.source = file.getFileName().toString();
        try {
            this.zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new WeightsFormatException(source + ": not a valid zip archive (" + e.getMessage()
                    + "); the file is truncated or corrupt", e);
        }
        try {
            String pkl = findDataPkl();
            this.prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
            this.bigEndian = readByteOrder();
            try (InputStream in = zip.getInputStream(zip.getEntry(pkl))) {
                this.root = new SafeUnpickler(in, source, this::persistentLoad).load();
            } catch (ZipException e) {
                throw new WeightsFormatException(source + ": corrupt zip record " + pkl + " (" + e.getMessage() + ")", e);
            }
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private String findDataPkl() throws WeightsFormatException {
        Enumeration<? extends ZipEntry> en = zip.entries();
        String first = null;
        while (en.hasMoreElements()) {
            String n = en.nextElement().getName();
            first = first == null ? n : first;
            int slash = n.indexOf('/');
            if (slash > 0 && n.substring(slash + 1).equals("data.pkl")) {
                return n;
            }
        }
        throw new WeightsFormatException(source + ": zip archive has no <folder>/data.pkl record"
                + (first == null ? " (it is empty)" : " (first record: " + first + ")")
                + "; it is not a torch.save file (TorchScript archives need torch.jit.load)");
    }

    private boolean readByteOrder() throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return false; // PyTorch < 2.1 wrote no byteorder record and only little-endian data
        }
        try (InputStream in = zip.getInputStream(e)) {
            String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            return switch (order) {
                case "little" -> false;
                case "big" -> true;
                default -> throw new WeightsFormatException(source + ": byteorder record: expected 'little' or 'big', got '"
                        + order + "'");
            };
        }
    }

    private Object persistentLoad(List<Object> pid) throws IOException {
        if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(2) instanceof String key)) {
            throw new WeightsFormatException(source + ": unsupported persistent id " + pid.stream()
                    .map(PickleGlobals::describe).toList() + ", expected ('storage', type, key, location, numel)");
        }
        DType dtype = PickleGlobals.storageDType(pid.get(1));
        if (dtype == null) {
            throw new WeightsFormatException(source + ": storage '" + key + "' has unsupported type "
                    + PickleGlobals.describe(pid.get(1)) + ", expected one of " + PickleGlobals.STORAGES.keySet());
        }
        long numel = PickleGlobals.toLong(pid.get(4), source, "storage size");
        return new StorageRef(key, dtype, numel, 0);
    }

    private ZipEntry entry(String key) throws WeightsFormatException {
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        if (e == null) {
            throw new WeightsFormatException(source + ": storage record '" + prefix + "data/" + key
                    + "' is missing; the file is truncated or corrupt");
        }
        return e;
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public long storageBytes(String key) throws IOException {
        return entry(key).getSize();
    }

    @Override
    public byte[] readStorage(String key) throws IOException {
        ZipEntry e = entry(key);
        if (e.getSize() > Integer.MAX_VALUE - 8) {
            throw new WeightsFormatException(source + ": storage '" + key + "' has " + e.getSize()
                    + " bytes, more than a Java array holds (2 GB)");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) e.getSize());
            if (b.length != e.getSize()) {
                throw new WeightsFormatException(source + ": storage record '" + e.getName() + "' is short: expected "
                        + e.getSize() + " bytes, got " + b.length);
            }
            return b;
        } catch (ZipException ex) {
            throw new WeightsFormatException(source + ": corrupt zip record '" + e.getName() + "' (" + ex.getMessage() + ")", ex);
        }
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
    public void close() throws IOException {
        zip.close();
    }
}
