package dev.trainkit.io;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads files written by {@code torch.save}, in both formats: zip (PyTorch >= 1.6) and the legacy
 * pre-1.6 format of torchvision's original weight files. Loading never executes code: the pickle is
 * interpreted by {@link SafeUnpickler}, which accepts only the globals a state dict needs, like
 * {@code torch.load(f, weights_only=True)}. Views are honoured (offset, strides, shared storages),
 * and every tensor comes back contiguous, on the CPU.
 *
 * <pre>{@code
 * Map<String, Tensor> sd = PthReader.loadStateDict(Path.of("resnet18-f37072fd.pth"));
 * //   sd = torch.load("resnet18-f37072fd.pth", weights_only=True)
 * Map<?, ?> ckpt = (Map<?, ?>) PthReader.load(Path.of("checkpoint.pth"));
 * long epoch = (Long) ckpt.get("epoch");
 * }</pre>
 *
 * <p>Truncated or corrupt files raise {@link WeightsFormatException}, refused globals
 * {@link UnsafePickleException}, each with a one-line reason.
 */
public final class PthReader {
    private PthReader() {
    }

    /**
     * Loads a state dict: the file must hold a dict of name to tensor ({@code OrderedDict}), whose
     * order is kept.
     *
     * @throws WeightsFormatException if the file holds something else (e.g. a checkpoint dict with an
     *     {@code epoch}; use {@link #load(Path)} for those), or is corrupt
     */
    public static LinkedHashMap<String, Tensor> loadStateDict(Path file) throws IOException {
        Object o = load(file);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Tensor t)) {
                    throw new WeightsFormatException(file.getFileName() + ": expected a state dict (str -> tensor), but entry "
                            + PickleGlobals.describe(e.getKey()) + " holds " + describe(e.getValue())
                            + "; keys: " + m.keySet() + "; use PthReader.load for nested checkpoints");
                }
                out.put(k, t);
            }
            return out;
        }
        throw new WeightsFormatException(file.getFileName() + ": expected a state dict (str -> tensor), got " + describe(o));
    }

    /**
     * Loads any object a state-dict pickle may hold: maps ({@link LinkedHashMap}), lists, tuples
     * (unmodifiable lists), {@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@code null}
     * and {@link Tensor}s, nested as in the file.
     */
    public static Object load(Path file) throws IOException {
        try (PthArchive a = open(file)) {
            Map<String, byte[]> cache = new HashMap<>();
            return materialize(a.root(), a, cache, "");
        }
    }

    /**
     * The dtype and shape of every tensor, in file order, without reading values. Tensors inside
     * nested containers are named by their path ({@code state_dict.fc.weight}, {@code layers.0}).
     * Every view is checked against the size of its storage, so a truncated file is reported here too.
     */
    public static LinkedHashMap<String, TensorInfo> inspect(Path file) throws IOException {
        try (PthArchive a = open(file)) {
            LinkedHashMap<String, TensorInfo> out = new LinkedHashMap<>();
            collect(a.root(), "", a, out);
            return out;
        }
    }

    /** Opens a file in whichever format its first bytes announce. */
    static PthArchive open(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such weights file");
        }
        String name = file.getFileName().toString();
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return new ZipPth(file);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] == 2) {
            return new LegacyPth(file);
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : head) {
            hex.append(String.format("%02x", b));
        }
        throw new WeightsFormatException(name + ": not a PyTorch file: expected a zip archive (PK..) or a legacy"
                + " torch.save pickle (80 02 ...), got " + (head.length == 0 ? "an empty file" : "bytes " + hex));
    }

    private static Object materialize(Object o, PthArchive a, Map<String, byte[]> cache, String path) throws IOException {
        if (o instanceof StoredTensor t) {
            String key = t.storage().key();
            byte[] storage = cache.get(key);
            if (storage == null) {
                storage = a.readStorage(key);
                cache.put(key, storage);
            }
            byte[] data = StorageViews.gather(t, storage, a.bigEndian(), path, a.source());
            Tensor x = Torch.fromBytes(data, t.storage().dtype(), t.size());
            return t.requiresGrad() && t.storage().dtype().isFloatingPoint() ? x.requiresGrad_(true) : x;
        }
        if (o instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), materialize(e.getValue(), a, cache, join(path, e.getKey())));
            }
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(materialize(l.get(i), a, cache, join(path, i)));
            }
            return l instanceof ArrayList ? out : Collections.unmodifiableList(out);
        }
        return o;
    }

    private static void collect(Object o, String path, PthArchive a, Map<String, TensorInfo> out) throws IOException {
        if (o instanceof StoredTensor t) {
            StorageViews.checkBounds(t, a.storageBytes(t.storage().key()), path, a.source());
            out.put(path, t.info());
        } else if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collect(e.getValue(), join(path, e.getKey()), a, out);
            }
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), join(path, i), a, out);
            }
        }
    }

    private static String join(String path, Object key) {
        return path.isEmpty() ? String.valueOf(key) : path + "." + key;
    }

    private static String describe(Object o) {
        return o instanceof Tensor t ? "tensor " + t.describe() : PickleGlobals.describe(o);
    }
}
