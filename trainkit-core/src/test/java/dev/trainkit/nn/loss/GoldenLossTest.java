package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and gradients of every loss against goldens from tools/golden/gen_losses.py: real
 * PyTorch 1.13 for torch.nn losses, the committed Python reference (torchvision's
 * sigmoid_focal_loss, Berman's Lovász code) for the segmentation losses. 1e-5 relative.
 */
class GoldenLossTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-10;

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("pytorch.json", "segmentation.json")) {
            try (InputStream in = GoldenLossTest.class.getResourceAsStream("/golden/loss/" + file)) {
                assertNotNull(in, "missing golden " + file + "; run /usr/bin/python3 tools/golden/gen_losses.py");
                for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
                    out.add(Arguments.of(file + ":" + c.get("id").asText(), c));
                }
            }
        }
        assertTrue(out.size() > 150, "expected the full golden set, got " + out.size());
        return out.stream();
    }

    static Tensor tensor(JsonNode a) {
        JsonNode shapeNode = a.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode data = a.get("data");
        String dtype = a.get("dtype").asText();
        if (dtype.equals("int64")) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = data.get(i).asLong();
            }
            return Torch.tensor(v, shape);
        }
        assertEquals("float64", dtype);
        return Torch.tensor(doubles(data), shape);
    }

    static double[] doubles(JsonNode data) {
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i).asDouble();
        }
        return v;
    }

    static Tensor evaluate(Loss loss, List<Tensor> a) {
        if (loss instanceof CTCLoss ctc) {
            return ctc.forward(a.get(0), a.get(1), a.get(2), a.get(3));
        } else if (loss instanceof GaussianNLLLoss g) {
            return g.forward(a.get(0), a.get(1), a.get(2));
        } else if (loss instanceof CosineEmbeddingLoss c) {
            return c.forward(a.get(0), a.get(1), a.get(2));
        } else if (loss instanceof MarginRankingLoss m) {
            return m.forward(a.get(0), a.get(1), a.get(2));
        } else if (loss instanceof TripletMarginLoss t) {
            return t.forward(a.get(0), a.get(1), a.get(2));
        }
        assertEquals(2, a.size());
        return loss.apply(a.get(0), a.get(1));
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = RTOL * Math.abs(expected[i]) + ATOL;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(String id, JsonNode c) {
        try (TensorScope scope = TensorScope.open()) {
            Loss loss = Losses.create(c.get("spec").asText());
            List<Tensor> args = new ArrayList<>();
            for (JsonNode a : c.get("args")) {
                Tensor t = tensor(a);
                if (a.has("grad")) {
                    t.requiresGrad_(true);
                }
                args.add(t);
            }
            Tensor value = evaluate(loss, args);
            JsonNode expected = c.get("loss");
            long[] shape = new long[expected.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = expected.get("shape").get(i).asLong();
            }
            assertArrayEquals(shape, value.shape(), id + ": loss shape");
            assertClose(doubles(expected.get("data")), value.toDoubleArray(), id + ": loss");
            value.sum().backward();
            int i = 0;
            for (JsonNode a : c.get("args")) {
                if (a.has("grad")) {
                    Tensor g = args.get(i).grad();
                    assertNotNull(g, id + ": no gradient for " + a.get("name").asText());
                    assertClose(doubles(a.get("grad")), g.toDoubleArray(), id + ": grad " + a.get("name").asText());
                }
                i++;
            }
        }
    }
}
