package dev.trainkit.io;

import dev.trainkit.util.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional {@code __metadata__} map of strings),
 * then the raw little-endian tensor bytes. Offsets are validated as the reference implementation
 * does: in range, matching the shape, no overlaps, no gaps. Files are written atomically.
 *
 * <pre>{@code
 * Map<String, Tensor> sd = Safetensors.load(Path.of("model.safetensors"));
 * //   sd = safetensors.torch.load_file("model.safetensors")
 * Safetensors.save(sd, Map.of("format", "pt"), Path.of("copy.safetensors"));
 * //   safetensors.torch.save_file(sd, "copy.safetensors", metadata={"format": "pt"})
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference implementation refuses headers above 100 MB. */
    private static final long MAX_HEADER = 100_000_000L;
    private static final Map<String, DType> DTYPES = Map.of("F32", DType.FLOAT32, "F64", DType.FLOAT64,
            "F16", DType.FLOAT16, "BF16", DType.BFLOAT16, "I64", DType.INT64, "I32", DType.INT32,
            "I16", DType.INT16, "I8", DType.INT8, "U8", DType.UINT8, "BOOL", DType.BOOL);

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private record Header(LinkedHashMap<String, Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private Safetensors() {
    }

    /** All tensors, in header order. */
    public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(ch, file);
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            for (Entry e : h.entries().values()) {
                long n = e.end() - e.begin();
                if (n > Integer.MAX_VALUE - 8) {
                    throw new WeightsFormatException(file.getFileName() + ": tensor '" + e.name() + "' has " + n
                            + " bytes, more than a Java array holds (2 GB)");
                }
                ByteBuffer buf = ByteBuffer.allocate((int) n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, h.dataStart() + e.begin() + buf.position()) < 0) {
                        throw new WeightsFormatException(file.getFileName() + ": tensor '" + e.name()
                                + "' is short: the file changed while reading");
                    }
                }
                out.put(e.name(), Torch.fromBytes(buf.array(), e.dtype(), e.shape()));
            }
            return out;
        }
    }

    /** The dtype and shape of every tensor, in header order, after validating the header. */
    public static LinkedHashMap<String, TensorInfo> inspect(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            LinkedHashMap<String, TensorInfo> out = new LinkedHashMap<>();
            header(ch, file).entries().values().forEach(e -> out.put(e.name(), new TensorInfo(e.dtype(), e.shape())));
            return out;
        }
    }

    /** The {@code __metadata__} map (empty if absent). */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(ch, file).metadata();
        }
    }

    /** Writes {@code tensors} without metadata. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /**
     * Writes {@code tensors} in map order, with {@code metadata} as {@code __metadata__}, atomically.
     *
     * @throws IllegalArgumentException for a name {@code __metadata__} or an empty name
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("Safetensors.save: tensor name '" + e.getKey()
                        + "' is reserved or empty");
            }
            byte[] b = Torch.toBytes(e.getValue());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", code(e.getValue().dtype()));
            com.fasterxml.jackson.databind.node.ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + b.length);
            blobs.add(b);
            offset += b.length;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // 8-byte aligned data, padded with spaces like the reference
        byte[] h = new byte[padded];
        System.arraycopy(json, 0, h, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            h[i] = ' ';
        }
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(h);
            for (byte[] b : blobs) {
                out.write(b);
            }
        });
    }

    private static String code(DType d) {
        for (Map.Entry<String, DType> e : DTYPES.entrySet()) {
            if (e.getValue() == d) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("Safetensors: dtype " + d + " has no safetensors code");
    }

    private static Header header(FileChannel ch, Path file) throws IOException {
        String src = file.getFileName().toString();
        long size = ch.size();
        if (size < 8) {
            throw new WeightsFormatException(src + ": not a safetensors file: " + size + " bytes, expected at least 8");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(lenBuf, 0);
        long len = lenBuf.flip().getLong();
        if (len < 2 || len > MAX_HEADER || len > size - 8) {
            throw new WeightsFormatException(src + ": safetensors header length " + len + " is invalid: expected 2.."
                    + Math.min(MAX_HEADER, size - 8) + " for a file of " + size + " bytes; truncated or not safetensors");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) len);
        while (hb.hasRemaining() && ch.read(hb, 8 + hb.position()) >= 0) {
            // read fully
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new WeightsFormatException(src + ": safetensors header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsFormatException(src + ": safetensors header must be a JSON object");
        }
        long dataLen = size - 8 - len;
        LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                if (!f.getValue().isObject()) {
                    throw new WeightsFormatException(src + ": __metadata__ must be an object of strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = f.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new WeightsFormatException(src + ": __metadata__['" + kv.getKey() + "'] must be a string, got "
                                + kv.getValue().getNodeType());
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
            } else {
                entries.put(f.getKey(), entry(src, f.getKey(), f.getValue(), dataLen));
            }
        }
        checkLayout(src, entries, dataLen);
        return new Header(entries, metadata, 8 + len);
    }

    private static Entry entry(String src, String name, JsonNode n, long dataLen) throws WeightsFormatException {
        String where = src + ": tensor '" + name + "'";
        JsonNode dt = n.get("dtype");
        JsonNode shape = n.get("shape");
        JsonNode offs = n.get("data_offsets");
        if (dt == null || !dt.isTextual() || shape == null || !shape.isArray() || offs == null || !offs.isArray()
                || offs.size() != 2 || !offs.get(0).canConvertToLong() || !offs.get(1).canConvertToLong()) {
            throw new WeightsFormatException(where + ": expected {\"dtype\": str, \"shape\": [int...],"
                    + " \"data_offsets\": [begin, end]}, got " + n);
        }
        DType dtype = DTYPES.get(dt.asText());
        if (dtype == null) {
            throw new WeightsFormatException(where + ": dtype '" + dt.asText() + "' is not supported, expected one of "
                    + DTYPES.keySet());
        }
        long[] s = new long[shape.size()];
        long numel = 1;
        for (int i = 0; i < s.length; i++) {
            if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
                throw new WeightsFormatException(where + ": shape " + shape + " must hold non-negative integers");
            }
            s[i] = shape.get(i).asLong();
            numel = numel > 0 && s[i] > Long.MAX_VALUE / numel ? -1 : numel * s[i];
            if (numel < 0) {
                throw new WeightsFormatException(where + ": shape " + shape + " is too large");
            }
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLen) {
            throw new WeightsFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] are out of range: the data section has " + dataLen + " bytes; truncated or corrupt");
        }
        if (numel > Long.MAX_VALUE / dtype.itemSize() || end - begin != numel * dtype.itemSize()) {
            throw new WeightsFormatException(where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes, but " + dt.asText() + shape + " needs " + numel * dtype.itemSize());
        }
        return new Entry(name, dtype, s, begin, end);
    }

    /** Like the reference: sorted by offset, the tensors must tile the data section exactly. */
    private static void checkLayout(String src, Map<String, Entry> entries, long dataLen) throws WeightsFormatException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry prev = null;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw new WeightsFormatException(src + ": tensors '" + prev.name() + "' [" + prev.begin() + ", "
                        + prev.end() + "] and '" + e.name() + "' [" + e.begin() + ", " + e.end() + "] overlap");
            }
            if (e.begin() > at) {
                throw new WeightsFormatException(src + ": bytes [" + at + ", " + e.begin() + ") of the data section"
                        + " belong to no tensor; corrupt header");
            }
            at = e.end();
            prev = e;
        }
        if (at != dataLen) {
            throw new WeightsFormatException(src + ": the tensors cover " + at + " bytes but the data section has "
                    + dataLen + "; the file has trailing bytes or a corrupt header");
        }
    }
}
