package dev.trainkit.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link F} ops that no layer case covers (interpolate by size and by scale, log_softmax, pad in every mode)
 * against PyTorch 1.13: output and input gradient of (out·g).sum().
 */
class FunctionalParityTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Golden.load("functional.json").get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    private static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c) {
        JsonNode a = c.get("args");
        Tensor x = Golden.tensor(c.get("input")).requiresGrad_(true);
        Tensor y;
        switch (c.get("fn").asText()) {
            case "interpolate":
                Boolean ac = a.has("align_corners") ? a.get("align_corners").asBoolean() : null;
                y = a.has("size") ? F.interpolate(x, longs(a.get("size")), a.get("mode").asText(), ac)
                        : F.interpolate(x, a.get("scale_factor").asDouble(), a.get("mode").asText(), ac);
                break;
            case "log_softmax":
                y = F.logSoftmax(x, a.get("dim").asLong());
                break;
            case "pad":
                y = F.pad(x, longs(a.get("pad")), a.get("mode").asText(), a.has("value") ? a.get("value").asDouble() : 0);
                break;
            default:
                throw new IllegalArgumentException("unknown fn " + c.get("fn"));
        }
        Golden.assertClose(name + " output", Golden.tensor(c.get("output")), y, 1e-5, 1e-6);
        y.mul(Golden.tensor(c.get("g"))).sum().backward();
        Golden.assertClose(name + " grad input", Golden.tensor(c.get("grad_input")), x.grad(), 1e-5, 1e-6);
    }
}
