package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The activation and dropout modules of one builder per family overwrite their input exactly
 * where torchvision 0.14's do ({@code inplace=True}), with the same names and classes (goldens
 * from tools/golden/gen_zoo_activations.py). Same values either way; the flag decides memory and
 * which tensors a later in-place op may touch.
 */
class ZooActivationsTest {

    static Map<String, List<String>> golden() throws IOException {
        try (InputStream in = ZooActivationsTest.class.getResourceAsStream("/golden/zoo/activations.txt")) {
            assertNotNull(in, "missing /golden/zoo/activations.txt; run /usr/bin/python3 tools/golden/gen_zoo_activations.py");
            Map<String, List<String>> out = new LinkedHashMap<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().filter(l -> !l.isBlank())
                    .forEach(l -> out.computeIfAbsent(l.substring(0, l.indexOf(' ')), k -> new ArrayList<>()).add(l));
            return out;
        }
    }

    static Stream<String> models() throws IOException {
        return golden().keySet().stream();
    }

    /**
     * Whether {@code m} overwrites its input, or null for a module without PyTorch's inplace flag:
     * the generator's {@code hasattr(m, "inplace")}, as a public {@code boolean inplace()}.
     */
    static Boolean inplace(Module m) {
        try {
            return (Boolean) m.getClass().getMethod("inplace").invoke(m);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void inplaceWhereTorchvisionIs(String model) throws IOException {
        boolean aux = model.equals("inception_v3") || model.equals("googlenet");
        Module m = Models.create(aux ? model + "(aux_logits=False)" : model);
        List<String> mine = new ArrayList<>();
        for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
            Boolean flag = inplace(e.getValue());
            if (flag != null) {
                mine.add(model + " " + e.getKey() + " " + e.getValue().getClass().getSimpleName() + " "
                        + (flag ? "True" : "False"));
            }
        }
        List<String> expected = golden().get(model);
        assertTrue(!expected.isEmpty(), "golden lists modules");
        assertEquals(String.join("\n", expected), String.join("\n", mine));
    }
}
