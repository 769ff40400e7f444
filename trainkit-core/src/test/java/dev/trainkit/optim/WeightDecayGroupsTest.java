package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.models.Models;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightDecayGroups} against torchvision 0.14's reference {@code utils.set_weight_decay} as
 * {@code train.py} calls it ({@code tools/golden/gen_recipe.py}), on zoo models with BatchNorm,
 * LayerNorm and Swin's relative position bias tables: the same groups, in the same order, with
 * the same parameter names and decays.
 */
class WeightDecayGroupsTest {

    private static Double orNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    @Test
    void groupsAreTheReferenceScripts() throws Exception {
        JsonNode g;
        try (InputStream in = getClass().getResourceAsStream("/golden/recipe.json")) {
            assertNotNull(in);
            g = new ObjectMapper().readTree(in);
        }
        Map<String, Module> models = new java.util.HashMap<>();
        int cases = 0;
        for (JsonNode c : g.get("weight_decay_groups")) {
            Module model = models.computeIfAbsent(c.get("model").asText(), Models::create);
            Map<Tensor, String> names = new IdentityHashMap<>();
            model.namedParameters().forEach((k, p) -> names.put(p, k));
            List<ParamGroupSpec> groups = WeightDecayGroups.of(model, c.get("weight_decay").asDouble(),
                    orNull(c.get("norm_weight_decay")), WeightDecayGroups.torchvisionKeys(
                            orNull(c.get("bias_weight_decay")), orNull(c.get("transformer_embedding_decay"))));
            JsonNode want = c.get("groups");
            assertEquals(want.size(), groups.size(), c.get("model") + " group count for " + c);
            for (int i = 0; i < groups.size(); i++) {
                List<String> got = new ArrayList<>();
                groups.get(i).params().forEach(p -> got.add(names.get(p)));
                List<String> expected = new ArrayList<>();
                want.get(i).get("params").forEach(n -> expected.add(n.asText()));
                assertEquals(expected, got, c.get("model") + " group " + i);
                assertEquals(want.get(i).get("weight_decay").asDouble(),
                        ((Number) groups.get(i).options().get("weight_decay")).doubleValue(), c.get("model") + " decay");
            }
            cases++;
        }
        assertTrue(cases >= 12, "cases: " + cases);
    }

    @Test
    void badDecaysAreClearErrors() {
        Module m = Models.create("mobilenet_v3_small");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightDecayGroups.of(m, 0.1, -1.0, Map.of()));
        assertTrue(e.getMessage().contains("--norm-weight-decay") && e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightDecayGroups.torchvisionKeys(Double.NaN, null));
        assertTrue(e.getMessage().contains("--bias-weight-decay"), e.getMessage());
    }
}
