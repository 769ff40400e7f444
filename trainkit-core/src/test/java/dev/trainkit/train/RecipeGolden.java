package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code golden/recipe.json} ({@code tools/golden/gen_recipe.py}) and the readers of its flat tensors. */
final class RecipeGolden {
    static final JsonNode G = read();

    private RecipeGolden() {
    }

    private static JsonNode read() {
        try (InputStream in = RecipeGolden.class.getResourceAsStream("/golden/recipe.json")) {
            assertNotNull(in, "golden/recipe.json on the test classpath");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** A flat golden state laid into the shapes (and dtypes) of {@code model}'s state dict. */
    static Map<String, Tensor> state(Module model, JsonNode flat) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> {
            JsonNode values = flat.get(k);
            assertNotNull(values, "golden state has " + k);
            Tensor t = Torch.tensor(doubles(values), v.shape()).to(v.dtype());
            out.put(k, t);
        });
        return out;
    }

    /** The largest absolute difference between a tensor and golden values. */
    static double maxDiff(Tensor t, JsonNode flat) {
        double[] want = doubles(flat);
        double[] got = t.to(dev.trainkit.tensor.DType.FLOAT64).flatten().toDoubleArray();
        double m = 0;
        for (int i = 0; i < want.length; i++) {
            m = Math.max(m, Math.abs(want[i] - got[i]));
        }
        return want.length == got.length ? m : Double.POSITIVE_INFINITY;
    }
}
