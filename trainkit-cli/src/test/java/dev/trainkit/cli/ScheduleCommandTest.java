package dev.trainkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.ReduceLROnPlateau;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.optim.lr.SimulatedOptimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The same simulation through the API: lr and momentum before each scheduler step. */
    private static double[][] expected(String optimizer, double lr, String spec, int steps, List<Double> metrics) {
        SimulatedOptimizer o = SimulatedOptimizer.create(optimizer, lr);
        LRScheduler s = Schedulers.create(spec, o);
        double[][] out = new double[2][steps];
        for (int i = 0; i < steps; i++) {
            out[0][i] = o.paramGroups().get(0).lr();
            out[1][i] = o.momentum(0) == null ? Double.NaN : o.momentum(0);
            if (s instanceof ReduceLROnPlateau p) {
                p.step(metrics.get(i));
            } else {
                s.step();
            }
        }
        return out;
    }

    private static double[] array(JsonNode n) {
        double[] a = new double[n.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = n.get(i).isNull() ? Double.NaN : n.get(i).asDouble();
        }
        return a;
    }

    @Test
    void jsonIsOneObjectWithLrAndMomentum() throws Exception {
        String spec = "OneCycleLR(max_lr=0.1, total_steps=12)";
        CliRun r = run("schedule", "--scheduler", spec, "--lr", "0.01", "--steps", "12", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(List.of("lr", "momentum"), iterable(root));
        double[][] exp = expected("SGD(momentum=0.9)", 0.01, spec, 12, null);
        assertArrayEquals(exp[0], array(root.get("lr")), 1e-15);
        assertArrayEquals(exp[1], array(root.get("momentum")), 1e-15);
        assertEquals(r.out().strip(), r.out().strip().lines().findFirst().orElse(""), "a single JSON line on stdout");
    }

    private static List<String> iterable(JsonNode root) {
        List<String> names = new java.util.ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void adamReportsBeta1AndAdagradReportsNull() throws Exception {
        CliRun adam = run("schedule", "--scheduler", "StepLR(step_size=2)", "--lr", "0.001", "--steps", "4",
                "--optimizer", "Adam", "--format", "json");
        assertEquals(0, adam.code(), adam.err());
        assertArrayEquals(new double[]{0.9, 0.9, 0.9, 0.9}, array(JSON.readTree(adam.out()).get("momentum")), 0.0);
        CliRun adagrad = run("schedule", "--scheduler", "StepLR(step_size=2)", "--lr", "0.1", "--steps", "3",
                "--optimizer", "Adagrad", "--format", "json");
        JsonNode m = JSON.readTree(adagrad.out()).get("momentum");
        assertEquals(3, m.size());
        assertTrue(m.get(0).isNull() && m.get(2).isNull());
    }

    @Test
    void plateauUsesTheMetrics() throws Exception {
        String spec = "ReduceLROnPlateau(patience=0, factor=0.5)";
        List<Double> metrics = List.of(1.0, 2.0, 0.5, 0.6, 0.7);
        CliRun r = run("schedule", "--scheduler", spec, "--lr", "0.1", "--steps", "5", "--metrics", "1,2,0.5,0.6,0.7",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(expected("SGD(momentum=0.9)", 0.1, spec, 5, metrics)[0], array(JSON.readTree(r.out()).get("lr")), 0.0);
        CliRun missing = run("schedule", "--scheduler", spec, "--lr", "0.1", "--steps", "5", "--metrics", "1,2");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--metrics") && missing.err().contains("expected 5 values, got 2"), missing.err());
    }

    @Test
    void csvAndTableFormats() {
        CliRun csv = run("schedule", "--scheduler", "ExponentialLR(gamma=0.5)", "--lr", "0.1", "--steps", "3", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().strip().lines().toList();
        assertEquals("step,lr,momentum", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(0.1 * 0.5 * 0.5, Double.parseDouble(lines.get(3).split(",")[1]), 1e-17);
        CliRun table = run("schedule", "--scheduler", "ExponentialLR(gamma=0.5)", "--lr", "0.1", "--steps", "3");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.trim().startsWith("2") && l.contains("0.025")), table.out());
    }

    @Test
    void badInputsExitNonZeroWithAOneLineReason() {
        CliRun unknown = run("schedule", "--scheduler", "StepLr(step_size=2)", "--lr", "0.1", "--steps", "3");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("did you mean 'StepLR'?"), unknown.err());
        CliRun format = run("schedule", "--scheduler", "StepLR(2)", "--lr", "0.1", "--steps", "3", "--format", "xml");
        assertEquals(1, format.code());
        assertTrue(format.err().contains("--format"), format.err());
        CliRun steps = run("schedule", "--scheduler", "StepLR(2)", "--lr", "0.1", "--steps", "0");
        assertEquals(1, steps.code());
        assertTrue(steps.err().contains("--steps"), steps.err());
        CliRun missing = run("schedule", "--lr", "0.1", "--steps", "3");
        assertEquals(2, missing.code(), "picocli usage error");
        assertTrue(missing.err().contains("--scheduler"), missing.err());
    }

    @Test
    void plotIsAValidPngWrittenAtomically(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub/plot.png");
        CliRun r = run("schedule", "--scheduler", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=5)", "--lr", "0.1",
                "--steps", "30", "--format", "json", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(png));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        javax.imageio.ImageIO.setUseCache(false);
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
        try (var files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
        if (png.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(png)), "an ordinary file, not a 0600 temporary one");
        }
        JSON.readTree(r.out()); // stdout stays pure JSON when plotting
        assertFalse(r.out().contains("wrote"));
    }

    @Test
    void loadsNoNativeLibraryClasses() throws Exception {
        // the command must stay usable without libtorch: its classes may not reference the tensor layer
        for (Class<?> c : List.of(ScheduleCommand.class, LRScheduler.class, Schedulers.class, SimulatedOptimizer.class)) {
            String path = "/" + c.getName().replace('.', '/') + ".class";
            try (var in = c.getResourceAsStream(path)) {
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("org/bytedeco") || bytes.contains("dev/trainkit/tensor"), c.getName());
            }
        }
    }
}
