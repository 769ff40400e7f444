package dev.trainkit.train;

import dev.trainkit.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * TrainKit's own checkpoint format ({@code .ckpt}): a zip holding {@code checkpoint.json} (the
 * tree, with each tensor replaced by a reference carrying its dtype and shape) and one raw
 * little-endian entry per tensor under {@code tensors/}. Bit-exact for every dtype, written
 * atomically, and loading only parses JSON and bytes (no code runs).
 *
 * <pre>{@code
 * new ZipCheckpointStore().save(Map.of("state_dict", model.stateDict()), Path.of("model.ckpt"));
 * }</pre>
 *
 * <p>Map keys that are not strings (an optimizer state's parameter indices) are kept with their
 * type. A {@code .pth} store over {@code dev.trainkit.io} can replace it through
 * {@link CheckpointStore}.
 */
public final class ZipCheckpointStore implements CheckpointStore {
    private static final String TREE = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String extension() {
        return ".ckpt";
    }

    @Override
    public void save(Map<String, ?> checkpoint, Path file) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        JsonNode tree = encode(checkpoint, tensors);
        AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.putNextEntry(new ZipEntry(TREE));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
            zip.closeEntry();
            for (int i = 0; i < tensors.size(); i++) {
                zip.putNextEntry(new ZipEntry("tensors/" + i));
                zip.write(Torch.toBytes(tensors.get(i).detach()));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    @Override
    public Map<String, Object> load(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * The checkpoint tree without its tensors (each tensor is {@code null}): counters, settings
     * and callback states, read without loading the weights, e.g. to learn what a run was.
     *
     * @throws IOException for a missing, unreadable or foreign file
     */
    public Map<String, Object> loadWithoutTensors(Path file) throws IOException {
        return read(file, false);
    }

    private Map<String, Object> read(Path file, boolean withTensors) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint not found: " + file);
        }
        JsonNode tree = null;
        Map<Integer, byte[]> blobs = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] b = zip.readAllBytes();
                if (e.getName().equals(TREE)) {
                    tree = JSON.readTree(b);
                } else if (withTensors && e.getName().startsWith("tensors/")) {
                    blobs.put(Integer.parseInt(e.getName().substring(8)), b);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("checkpoint " + file + " is not a readable TrainKit checkpoint: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException("checkpoint " + file + " is not a TrainKit checkpoint (no " + TREE + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) decode(tree, withTensors ? blobs : null, file);
        return out;
    }

    private static JsonNode encode(Object v, List<Tensor> tensors) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Tensor t) {
            ObjectNode n = f.objectNode();
            n.put("__tensor__", tensors.size());
            n.put("dtype", t.dtype().pyName());
            ArrayNode shape = n.putArray("shape");
            for (long s : t.shape()) {
                shape.add(s);
            }
            tensors.add(t);
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            boolean stringKeys = m.keySet().stream().allMatch(k -> k instanceof String);
            if (stringKeys) {
                ObjectNode n = f.objectNode();
                m.forEach((k, x) -> n.set((String) k, encode(x, tensors)));
                return n;
            }
            ObjectNode n = f.objectNode();
            ArrayNode entries = n.putArray("__map__");
            m.forEach((k, x) -> entries.add(f.arrayNode().add(encode(k, tensors)).add(encode(x, tensors))));
            return n;
        }
        if (v instanceof Iterable<?> it) {
            ArrayNode a = f.arrayNode();
            it.forEach(x -> a.add(encode(x, tensors)));
            return a;
        }
        if (v instanceof double[] d) {
            ArrayNode a = f.arrayNode();
            for (double x : d) {
                a.add(encode(x, tensors));
            }
            return a;
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return f.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            // JSON has no NaN or Infinity (Jackson would write them as strings): tag them
            return Double.isFinite(d) ? f.numberNode(d) : f.objectNode().put("__float__", Double.toString(d));
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        throw new IllegalArgumentException("checkpoint: cannot store a value of type " + v.getClass().getName()
                + " (expected tensors, maps, lists, strings, numbers, booleans or null)");
    }

    private static Object decode(JsonNode n, Map<Integer, byte[]> blobs, Path file) throws IOException {
        if (n.isNull()) {
            return null;
        }
        if (n.isObject() && n.has("__tensor__")) {
            if (blobs == null) {
                return null; // read without tensors
            }
            int id = n.get("__tensor__").asInt();
            byte[] b = blobs.get(id);
            if (b == null) {
                throw new IOException("checkpoint " + file + ": tensor entry " + id + " is missing (truncated file?)");
            }
            long[] shape = new long[n.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = n.get("shape").get(i).asLong();
            }
            return Torch.fromBytes(b, DType.of(n.get("dtype").asText()), shape);
        }
        if (n.isObject() && n.has("__float__") && n.size() == 1) {
            return Double.parseDouble(n.get("__float__").asText());
        }
        if (n.isObject() && n.has("__map__") && n.size() == 1) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (JsonNode e : n.get("__map__")) {
                m.put(decode(e.get(0), blobs, file), decode(e.get(1), blobs, file));
            }
            return m;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), decode(e.getValue(), blobs, file));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode e : n) {
                l.add(decode(e, blobs, file));
            }
            return l;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }
}
