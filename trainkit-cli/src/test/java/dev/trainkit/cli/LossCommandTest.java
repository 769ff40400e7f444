package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Torch;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trainkit loss} against the PyTorch goldens (float32 inputs, so 1e-4 relative). */
class LossCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TrainKitCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static JsonNode golden(String file, String id) throws Exception {
        try (InputStream in = LossCommandTest.class.getResourceAsStream("/golden/loss/" + file)) {
            for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
                if (c.get("id").asText().equals(id)) {
                    return c;
                }
            }
        }
        throw new AssertionError("no golden " + id);
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static long[] longs(JsonNode a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asLong();
        }
        return v;
    }

    /** Writes a golden case's input as float32 and target as int64/float32 .npy files, runs the CLI. */
    private JsonNode runGolden(String file, String id) throws Exception {
        JsonNode c = golden(file, id);
        JsonNode in = c.get("args").get(0);
        JsonNode tg = c.get("args").get(1);
        Path x = tmp.resolve("x.npy");
        Path t = tmp.resolve("t.npy");
        Npy.save(x, Torch.tensor(doubles(in.get("data")), longs(in.get("shape"))).to(DType.FLOAT32));
        Npy.save(t, tg.get("dtype").asText().equals("int64")
                ? Torch.tensor(longs(tg.get("data")), longs(tg.get("shape")))
                : Torch.tensor(doubles(tg.get("data")), longs(tg.get("shape"))).to(DType.FLOAT32));
        assertEquals(0, run("loss", "--loss", c.get("spec").asText(), "--input", x.toString(), "--target",
                t.toString(), "--format", "json"), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertClose(c.get("loss").get("data").get(0).asDouble(), json.get("loss").asDouble());
        double[] g = doubles(in.get("grad"));
        assertEquals(g.length, json.get("grad").size());
        for (int i = 0; i < g.length; i++) {
            assertClose(g[i], json.get("grad").get(i).asDouble());
        }
        return json;
    }

    private static void assertClose(double expected, double actual) {
        assertTrue(Math.abs(expected - actual) <= 1e-4 * Math.abs(expected) + 1e-7,
                "expected " + expected + " but was " + actual);
    }

    @Test
    void crossEntropyWithLabelSmoothingMatchesPyTorch() throws Exception {
        JsonNode json = runGolden("pytorch.json", "CE/smooth/mean");
        assertEquals(2, json.size(), "exactly loss and grad: " + json);
    }

    @Test
    void bareNameAndSegmentationLoss() throws Exception {
        runGolden("pytorch.json", "MSE/mean");
        out.getBuffer().setLength(0);
        runGolden("segmentation.json", "DiceLoss/multiclass");
    }

    @Test
    void textFormatAndErrors() throws Exception {
        Path x = tmp.resolve("x.npy");
        Path t = tmp.resolve("t.npy");
        Npy.save(x, Torch.tensor(new float[] {0.5f, -1f}, 2));
        Npy.save(t, Torch.tensor(new float[] {1f, 0f}, 2));
        assertEquals(0, run("loss", "--loss", "MSELoss", "--input", x.toString(), "--target", t.toString()), err.toString());
        assertTrue(out.toString().startsWith("loss: "), out.toString());
        assertEquals(1, run("loss", "--loss", "MSELos", "--input", x.toString(), "--target", t.toString()));
        assertTrue(err.toString().contains("unknown loss 'MSELos' (did you mean 'MSELoss'?)"), err.toString());
        assertEquals(1, run("loss", "--loss", "CrossEntropyLoss(smoothing=0.1)", "--input", x.toString(),
                "--target", t.toString()));
        assertTrue(err.toString().contains("unknown keyword 'smoothing'"), err.toString());
        Npy.save(t, Torch.tensor(new float[] {1f, 0f, 1f}, 3));
        assertEquals(1, run("loss", "--loss", "MSELoss", "--input", x.toString(), "--target", t.toString()));
        assertTrue(err.toString().contains("input has shape [2] but target has shape [3]"), err.toString());
    }
}
