package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainkit optim} against tools/golden/gen_optim_cli.py (PyTorch 1.13 running the same
 * loop): losses and [x, y] after every step, 1e-6 relative (float32 and float64). One
 * exception: LBFGS's strong-Wolfe line search in float32, 1e-5 relative, because PyTorch does
 * the line search's scalar arithmetic (cubic interpolation, step lengths) in float32 0-dim
 * tensors and TrainKit in double.
 */
class OptimCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RTOL = 1e-6;

    private static JsonNode goldens() throws Exception {
        try (InputStream in = OptimCommandTest.class.getResourceAsStream("/golden/optim/cli/trajectories.json")) {
            return JSON.readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorchsLoop() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : goldens().get("cases")) {
            String name = c.get("optimizer").asText() + " " + c.get("function").asText() + " " + c.get("dtype").asText()
                    + (c.get("scheduler").isNull() ? "" : " " + c.get("scheduler").asText());
            tests.add(DynamicTest.dynamicTest(name, () -> replay(c)));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static void replay(JsonNode c) throws Exception {
        double rtol = c.get("optimizer").asText().contains("strong_wolfe") && c.get("dtype").asText().equals("float32")
                ? 1e-5 : RTOL;
        List<String> args = new ArrayList<>(List.of("optim", "--optimizer", c.get("optimizer").asText(),
                "--function", c.get("function").asText(),
                "--init", c.get("init").get(0).asDouble() + "," + c.get("init").get(1).asDouble(),
                "--steps", c.get("steps").asText(), "--dtype", c.get("dtype").asText(), "--format", "json"));
        if (!c.get("scheduler").isNull()) {
            args.addAll(List.of("--scheduler", c.get("scheduler").asText()));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals(List.of("loss", "params"), fieldNames(out), "exactly {loss, params}");
        for (int i = 0; i < c.get("steps").asInt(); i++) {
            close(c.get("loss").get(i).asDouble(), out.get("loss").get(i).asDouble(), rtol, "loss[" + i + "]");
            for (int k = 0; k < 2; k++) {
                close(c.get("params").get(i).get(k).asDouble(), out.get("params").get(i).get(k).asDouble(), rtol,
                        "params[" + i + "][" + k + "]");
            }
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void close(double expected, double actual, double rtol, String what) {
        if (!(Math.abs(actual - expected) <= rtol * Math.abs(expected) + 1e-9)) {
            fail(what + ": expected " + expected + " (PyTorch), got " + actual);
        }
    }

    @Test
    void aListDrawsSideBySideAndPrintsOneObjectEach(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("paths.png");
        CliRun r = CliRun.of("optim", "--optimizer", "[Adam(lr=0.1), SGD(lr=1e-3, momentum=0.9), LBFGS(line_search_fn='strong_wolfe')]",
                "--function", "rosenbrock", "--init", "-1.5,2", "--steps", "5", "--format", "json", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals(3, out.size());
        assertEquals("SGD(lr=0.001, momentum=0.9)", out.get(1).get("optimizer").asText());
        assertEquals(5, out.get(2).get("params").size());
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(3 * 420, img.getWidth(), "one panel per optimizer");
    }

    @Test
    void tableAndBadInputs() {
        CliRun t = CliRun.of("optim", "--optimizer", "SGD(lr=0.1)", "--function", "quadratic", "--init", "1,1",
                "--steps", "3");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("step") && t.out().lines().count() == 5, t.out());
        assertNotEquals(0, CliRun.of("optim", "--optimizer", "Adamm", "--init", "1,1", "--steps", "3").code());
        CliRun bad = CliRun.of("optim", "--optimizer", "SGD", "--function", "himmelblau", "--init", "1,1", "--steps", "3");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--function"), bad.err());
        CliRun init = CliRun.of("optim", "--optimizer", "SGD", "--init", "1", "--steps", "3");
        assertTrue(init.err().contains("--init: expected two numbers"), init.err());
    }
}
