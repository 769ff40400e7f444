package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer against real PyTorch 1.13 (goldens from tools/golden/gen_nn_layers.py): the layer
 * is built from the same arguments, loads PyTorch's state dict (so initialisation randomness does
 * not matter), and must reproduce the repr, the output, the gradients of (out·g).sum() w.r.t.
 * the input and every parameter, and the state after the step (BatchNorm's running statistics
 * and num_batches_tracked).
 */
class LayerParityTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Golden.load("layers.json").get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c) {
        Module layer = LayerFactory.create(c.get("layer").asText(), c.get("args"));
        layer.train(c.get("train").asBoolean());
        assertEquals(c.get("repr").asText(), layer.toString(), "repr");
        LoadResult lr = layer.loadStateDict(Golden.tensors(c.get("state")), true);
        assertEquals(true, lr.isClean());
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Golden.tensor(c.get("input"));
            boolean floating = x.dtype().isFloatingPoint();
            if (floating) {
                x.requiresGrad_(true);
            }
            // an in-place layer gets x * 1 (PyTorch refuses a leaf that requires grad) and must
            // hand back that very tensor, overwritten, as PyTorch's does
            boolean inplace = c.get("args").path("inplace").asBoolean(false);
            Tensor in = inplace ? x.mul(1.0) : x;
            Tensor y = layer.forward(in);
            if (inplace) {
                assertEquals(true, c.get("returns_input").asBoolean(), "PyTorch's in-place layer returns its input");
                assertSame(in, y, "the in-place layer returns its input");
            }
            Golden.assertClose(name + " output", Golden.tensor(c.get("output")), y, RTOL, ATOL);
            y.mul(Golden.tensor(c.get("g"))).sum().backward();
            JsonNode grads = c.get("grads");
            if (floating) {
                Golden.assertClose(name + " grad input", Golden.tensor(grads.get("input")), x.grad(), RTOL, ATOL);
            }
            for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
                JsonNode g = grads.get(e.getKey());
                assertNotNull(g, "PyTorch has no parameter " + e.getKey());
                Golden.assertClose(name + " grad " + e.getKey(), Golden.tensor(g), e.getValue().grad(), RTOL, ATOL);
            }
            assertEquals(grads.size() - (floating ? 1 : 0), layer.namedParameters().size(), "parameter count");
            Map<String, Tensor> after = layer.stateDict();
            assertEquals(c.get("state_after").size(), after.size(), "state dict size");
            c.get("state_after").fields().forEachRemaining(e -> {
                Tensor mine = after.get(e.getKey());
                assertNotNull(mine, "missing state " + e.getKey());
                Golden.assertClose(name + " state after " + e.getKey(), Golden.tensor(e.getValue()), mine, RTOL, ATOL);
            });
        }
        for (Parameter p : layer.parameters()) {
            p.setGrad(null);
        }
        assertNull(layer.parameters().stream().map(Tensor::grad).filter(g -> g != null).findFirst().orElse(null));
    }
}
