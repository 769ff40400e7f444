package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder's state_dict keys, dtypes and shapes equal torchvision 0.14's, in the same
 * order (goldens from tools/golden/gen_zoo_keys.py), and the parameter count equals the one
 * torchvision's weights report where the architecture is the same.
 */
class ModelKeysTest {

    static List<String> goldenModels() throws IOException {
        try (InputStream in = ModelKeysTest.class.getResourceAsStream("/golden/zoo/keys/models.txt")) {
            assertNotNull(in, "missing /golden/zoo/keys/models.txt; run /usr/bin/python3 tools/golden/gen_zoo_keys.py");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        }
    }

    static List<String> golden(String model) throws IOException {
        try (InputStream in = ModelKeysTest.class.getResourceAsStream("/golden/zoo/keys/" + model + ".txt")) {
            assertNotNull(in, "missing golden keys for " + model);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        }
    }

    static List<String> describe(Module m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            String shape = java.util.Arrays.stream(e.getValue().shape()).mapToObj(Long::toString)
                    .collect(Collectors.joining(","));
            out.add((e.getKey() + " " + e.getValue().dtype() + " " + shape).strip());
        }
        return out;
    }

    static Stream<String> models() throws IOException {
        return goldenModels().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void stateDictKeysAndShapesMatchTorchvision(String model) throws IOException {
        // init_weights=False (where offered) skips only the re-initialisation, not any module
        Module m = Models.create(Models.info(model).arguments().contains("init_weights")
                ? model + "(init_weights=False)" : model);
        List<String> expected = golden(model).stream().map(String::strip).toList();
        List<String> actual = describe(m);
        assertEquals(String.join("\n", expected), String.join("\n", actual), model + ": state_dict keys/shapes");
        assertEquals(Models.defaultParameterCount(model), m.parameterCount(false), model + ": parameter count");
        m = null;
        System.gc(); // parameters are GC-owned native memory; big models add up quickly
    }

    @Test
    void everyGoldenModelIsRegisteredAndEveryRegisteredModelHasAGolden() throws IOException {
        assertEquals(goldenModels().stream().sorted().toList(), Models.listModels());
    }
}
