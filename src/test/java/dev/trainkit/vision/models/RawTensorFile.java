package dev.trainkit.vision.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TEST-ONLY reader of the raw tensors tools/golden/gen_zoo_parity.py writes (index.json +
 * data.bin, little-endian, C order). Stands in for the .pth reader that the io package will
 * provide; the lead switches the parity test to it later.
 */
final class RawTensorFile {
    final JsonNode index;
    private final Path data;

    RawTensorFile(Path dir) {
        try {
            this.index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.data = dir.resolve("data.bin");
    }

    boolean has(String name) {
        return index.get("tensors").has(name);
    }

    Tensor get(String name) {
        JsonNode t = index.get("tensors").get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + data);
        }
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asLong();
        }
        byte[] bytes = new byte[Math.toIntExact(t.get("nbytes").asLong())];
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "r")) {
            f.seek(t.get("offset").asLong());
            f.readFully(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Torch.fromBytes(bytes, DType.of(t.get("dtype").asText()), shape);
    }

    /** All tensors whose name starts with {@code prefix}, keyed by the rest of the name. */
    Map<String, Tensor> group(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        index.get("tensors").fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), get(n));
            }
        });
        return out;
    }
}
