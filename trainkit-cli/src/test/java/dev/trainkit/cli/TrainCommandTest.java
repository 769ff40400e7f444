package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = TrainKitCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainThenEvaluateWithJsonOutput(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"model\": \"mlp(hidden=[32])\", \"data\": \"fashion-mnist\", \"batch_size\": 50,"
                + " \"optimizer\": \"SGD(lr=0.5)\", \"max_steps\": 6, \"epochs\": 3}");
        Path out = dir.resolve("run");
        // --optimizer on the command line overrides the config file
        Run r = run("train", "--config", cfg.toString(), "--optimizer", "AdamW(lr=0.003)",
                "--scheduler", "OneCycleLR(max_lr=0.01)", "-o", out.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(6, j.get("global_step").asInt());
        assertTrue(j.get("stop_reason").asText().contains("max_steps=6"));
        assertTrue(Files.exists(out.resolve("model.pth")) && Files.exists(out.resolve("report.md")));
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("AdamW(lr=0.003)", config.get("optimizer").asText());
        assertEquals("fashion-mnist", config.get("data").asText());

        Run e = run("evaluate", "--model", "mlp(hidden=[32])", "--data", "fashion-mnist",
                "--weights", out.resolve("model.pth").toString(), "--format", "json");
        assertEquals(0, e.code(), e.err());
        JsonNode m = new ObjectMapper().readTree(e.out());
        assertEquals(1000, m.get("samples").asInt());
        assertTrue(m.get("metrics").get("val_acc").asDouble() > 0.3, e.out()); // 6 steps: far better than chance (0.1)
        assertTrue(m.get("metrics").has("val_loss") && m.get("metrics").has("val_acc_top5"));
    }

    @Test
    void saveTopKKeepsTheBestEpochAndRestoreBestEndsWithIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Run r = run("train", "--model", "mlp(hidden=[16])", "--data", "fashion-mnist", "--batch-size", "100",
                "--max-steps", "120", "--epochs", "3", "--optimizer", "SGD(lr=0.3)", "--save-top-k", "1",
                "--monitor", "val_acc", "--restore-best", "-o", out.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("checkpoints/best.ckpt")) && Files.exists(out.resolve("checkpoints/best.pth")));
        // the final model.pth holds the best epoch's weights: evaluating it gives the best logged val_acc
        double best = 0;
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            JsonNode row = new ObjectMapper().readTree(line);
            if (row.get("kind").asText().equals("epoch")) {
                best = Math.max(best, row.get("val_acc").asDouble());
            }
        }
        Run e = run("evaluate", "--run", out.toString(), "--format", "json");
        assertEquals(0, e.code(), e.err());
        assertEquals(best, new ObjectMapper().readTree(e.out()).get("metrics").get("val_acc").asDouble(), 1e-9);
        // top-k without a metric to rank by is refused before training
        Run bad = run("train", "--model", "mlp()", "--data", "fashion-mnist", "--save-top-k", "2", "--mode", "lowest",
                "-o", dir.resolve("bad").toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("mode"), bad.err());
    }

    @Test
    void lrFindPrintsASuggestion(@TempDir Path dir) throws Exception {
        Run r = run("lr-find", "--model", "mlp(hidden=[16])", "--data", "fashion-mnist", "--batch-size", "32",
                "--optimizer", "SGD(lr=0.1)", "--steps", "30", "-o", dir.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("suggestion").asDouble() > 0);
        assertTrue(Files.exists(dir.resolve("lr_find.png")));
    }

    @Test
    void badInputsFailWithOneLineMessages(@TempDir Path dir) throws Exception {
        Run a = run("train", "--model", "mlpp()", "--data", "fashion-mnist", "-o", dir.toString());
        assertEquals(1, a.code());
        assertTrue(a.err().contains("unknown model 'mlpp'") && a.err().contains("mlp"), a.err());
        Run b = run("train", "--model", "mlp()", "--data", "imagefolder:" + dir.resolve("nope"));
        assertTrue(b.err().contains("no such directory"), b.err());
        Files.createDirectories(dir.resolve("imgs/train"));
        Run c = run("train", "--model", "mlp()", "--data", "imagefolder:" + dir.resolve("imgs"));
        assertTrue(c.err().contains("missing " + dir.resolve("imgs/val")), c.err());
        Run d = run("train", "--model", "mlp()", "--data", "fashion-mnist", "--precision", "fp8");
        assertTrue(d.err().contains("precision: expected one of"), d.err());
        Run e = run("train", "--model", "mlp()", "--data", "fashion-mnist", "--optimizer", "Adamm(lr=1)");
        assertTrue(e.err().contains("Adam"), e.err());
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, "{\"batchsize\": 3}");
        Run f = run("train", "--config", cfg.toString());
        assertTrue(f.err().contains("unknown key 'batchsize'") && f.err().contains("batch_size"), f.err());
        Run g = run("train", "--model", "mlp()", "--data", "cifar");
        assertTrue(g.err().contains("unknown source 'cifar'"), g.err());
        Run h = run("evaluate", "--model", "mlp()", "--data", "fashion-mnist");
        assertTrue(h.err().contains("--weights is required"), h.err());
    }
}
