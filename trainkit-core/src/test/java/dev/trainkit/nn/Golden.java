package dev.trainkit.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the goldens written by tools/golden/gen_nn_layers.py (real PyTorch). */
final class Golden {
    private Golden() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/nn/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden /golden/nn/" + name
                        + "; run /usr/bin/python3 tools/golden/gen_nn_layers.py");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tensor from {"dtype", "shape", "data": base64 little-endian}. */
    static Tensor tensor(JsonNode n) {
        long[] shape = new long[n.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = n.get("shape").get(i).asLong();
        }
        DType dt = DType.of(n.get("dtype").asText());
        return Torch.fromBytes(Base64.getDecoder().decode(n.get("data").asText()), dt, shape);
    }

    static Map<String, Tensor> tensors(JsonNode obj) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        obj.fields().forEachRemaining(e -> out.put(e.getKey(), tensor(e.getValue())));
        return out;
    }

    /** Fails with the worst element if {@code actual} is not within atol + rtol·|expected|. */
    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < e.length; i++) {
            double excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
            if (excess > worstExcess || Double.isNaN(a[i]) != Double.isNaN(e[i])) {
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            org.junit.jupiter.api.Assertions.fail(what + ": element " + worst + " expected " + e[worst] + " got "
                    + a[worst] + " (|diff| " + Math.abs(a[worst] - e[worst]) + ", rtol " + rtol + ", atol " + atol + ")");
        }
    }
}
