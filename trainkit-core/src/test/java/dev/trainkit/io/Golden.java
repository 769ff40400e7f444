package dev.trainkit.io;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden files written by tools/golden/gen_weights.py with PyTorch 1.13, and their expected values. */
final class Golden {
    /** Python's json writes NaN/Infinity bare; read and write them the same way. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    private static JsonNode expected;

    private Golden() {
    }

    static Path file(String name) {
        try {
            return Path.of(Golden.class.getResource("/golden/io/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("golden file " + name + " is missing; run tools/golden/gen_weights.py", e);
        }
    }

    static synchronized JsonNode expected(String name) {
        if (expected == null) {
            try {
                expected = JSON.readTree(file("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode n = expected.get("files").get(name);
        if (n == null) {
            throw new IllegalStateException("expected.json has no entry for " + name);
        }
        return n;
    }

    /** The same JSON form gen_weights.py's describe() gives a loaded object. */
    static JsonNode describe(Object o) {
        return JSON.valueToTree(describeTree(o));
    }

    private static Object describeTree(Object o) {
        if (o instanceof Tensor t) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dtype", t.dtype().pyName());
            d.put("hex", HexFormat.of().formatHex(Torch.toBytes(t)));
            d.put("shape", t.shape());
            return Map.of("tensor", d);
        }
        if (o instanceof Map<?, ?> m) {
            List<Object> pairs = new ArrayList<>();
            m.forEach((k, v) -> pairs.add(List.of(k, describeTree(v))));
            return Map.of("dict", pairs);
        }
        if (o instanceof List<?> l) {
            return Map.of("list", l.stream().map(Golden::describeTree).toList());
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("value", o);
        return v;
    }

    /** Re-parses so that numbers get the node types a JSON parser gives (int vs long vs big). */
    static JsonNode normalize(JsonNode n) {
        try {
            return JSON.readTree(JSON.writeValueAsString(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
