package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the goldens written by tools/golden/gen_optimizers.py (real PyTorch 1.13). */
final class Goldens {
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-9;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Goldens() {
    }

    static JsonNode load(String file) {
        try (InputStream in = Goldens.class.getResourceAsStream("/golden/optim/" + file)) {
            assertNotNull(in, "missing golden " + file + "; run /usr/bin/python3 tools/golden/gen_optimizers.py");
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers of a JSON array; null (None inside a tuple, e.g. Adafactor's eps) becomes NaN. */
    static double[] doubles(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).isNull() ? Double.NaN : arr.get(i).asDouble();
        }
        return out;
    }

    static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    /** A JSON option value as TrainKit stores it: Double, Boolean, double[], String, or null for None. */
    static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            return doubles(v);
        }
        return v.asDouble();
    }

    static Map<String, Object> options(JsonNode obj) {
        Map<String, Object> out = new LinkedHashMap<>();
        obj.fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    /** float64 leaf parameters from the case's "shapes" and "init". */
    static List<Tensor> params(JsonNode c) {
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < c.get("shapes").size(); i++) {
            ps.add(Torch.tensor(doubles(c.get("init").get(i)), longs(c.get("shapes").get(i))).requiresGrad_(true));
        }
        return ps;
    }

    /** Asserts {@code actual} matches {@code expected} to 1e-6 relative (1e-9 absolute near 0). */
    static void assertClose(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + ": length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            if (!(Math.abs(actual[i] - e) <= RTOL * Math.abs(e) + ATOL)) {
                fail(what + "[" + i + "]: expected " + e + " (PyTorch), got " + actual[i]);
            }
        }
    }

    static void assertClose(double expected, double actual, String what) {
        if (!(Math.abs(actual - expected) <= RTOL * Math.abs(expected) + ATOL)) {
            fail(what + ": expected " + expected + " (PyTorch), got " + actual);
        }
    }
}
