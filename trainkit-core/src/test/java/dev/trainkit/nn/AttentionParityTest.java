package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * MultiheadAttention, TransformerEncoderLayer and TransformerEncoder against PyTorch 1.13
 * (goldens from tools/golden/gen_attention.py): the module loads PyTorch's state dict (same
 * keys, same order) and must reproduce the output, the attention weights and the gradients of
 * (out·g).sum() (+ (weights·gw).sum()) w.r.t. the inputs and every parameter, through the fused
 * scaled_dot_product_attention (need_weights=False) and through the explicit softmax path.
 */
class AttentionParityTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Golden.load("attention.json").get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c) {
        Module m = build(c);
        Map<String, Tensor> state = Golden.tensors(c.get("state"));
        assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(m.stateDict().keySet()), "state dict keys");
        assertTrue(m.loadStateDict(state, true).isClean());
        m.train(c.get("train").asBoolean());
        try (TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> inputs = Golden.tensors(c.get("inputs"));
            inputs.values().forEach(t -> t.requiresGrad_(true));
            JsonNode masks = c.get("masks");
            Tensor out;
            Tensor weights = null;
            if (m instanceof MultiheadAttention mha) {
                Tensor q = inputs.get("query");
                Tensor k = inputs.getOrDefault("key", q);
                Tensor v = inputs.getOrDefault("value", k);
                MultiheadAttentionOutput o = mha.forward(q, k, v, mask(masks, "key_padding_mask"),
                        c.get("need_weights").asBoolean(), mask(masks, "attn_mask"),
                        c.get("average_attn_weights").asBoolean());
                out = o.output();
                weights = o.weights();
            } else if (m instanceof TransformerEncoderLayer l) {
                out = l.forward(inputs.get("src"), mask(masks, "src_mask"), mask(masks, "src_key_padding_mask"));
            } else {
                out = ((TransformerEncoder) m).forward(inputs.get("src"), mask(masks, "src_mask"),
                        mask(masks, "src_key_padding_mask"));
            }
            Golden.assertClose(name + " output", Golden.tensor(c.get("output")), out, RTOL, ATOL);
            Tensor loss = out.mul(Golden.tensor(c.get("g"))).sum();
            if (c.has("weights")) {
                assertNotNull(weights, "attention weights");
                Golden.assertClose(name + " weights", Golden.tensor(c.get("weights")), weights, RTOL, ATOL);
                loss = loss.add(weights.mul(Golden.tensor(c.get("gw"))).sum());
            } else {
                assertNull(weights, "no weights with need_weights=False");
            }
            loss.backward();
            JsonNode grads = c.get("grads");
            inputs.forEach((k, t) -> Golden.assertClose(name + " grad " + k, Golden.tensor(grads.get("input." + k)),
                    t.grad(), RTOL, ATOL));
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                Golden.assertClose(name + " grad " + e.getKey(), Golden.tensor(grads.get(e.getKey())),
                        e.getValue().grad(), RTOL, ATOL);
            }
        }
    }

    private static Tensor mask(JsonNode masks, String key) {
        return masks.has(key) ? Golden.tensor(masks.get(key)) : null;
    }

    private static Module build(JsonNode c) {
        JsonNode a = c.get("args");
        if (c.get("module").asText().equals("MultiheadAttention")) {
            return new MultiheadAttention(a.get("embed_dim").asLong(), a.get("num_heads").asLong(),
                    a.path("dropout").asDouble(0.0), a.path("bias").asBoolean(true),
                    a.path("add_bias_kv").asBoolean(false), a.path("add_zero_attn").asBoolean(false),
                    a.has("kdim") ? a.get("kdim").asLong() : null, a.has("vdim") ? a.get("vdim").asLong() : null,
                    a.path("batch_first").asBoolean(false));
        }
        TransformerEncoderLayer layer = new TransformerEncoderLayer(a.get("d_model").asLong(), a.get("nhead").asLong(),
                a.path("dim_feedforward").asLong(2048), a.path("dropout").asDouble(0.1),
                a.path("activation").asText("relu"), a.path("layer_norm_eps").asDouble(1e-5),
                a.path("batch_first").asBoolean(false), a.path("norm_first").asBoolean(false));
        if (c.get("module").asText().equals("TransformerEncoderLayer")) {
            return layer;
        }
        return new TransformerEncoder(layer, c.get("num_layers").asInt(), new LayerNorm(a.get("d_model").asLong()));
    }
}
