package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.models.ModelDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory as the artifact: train writes model.json and a config.json that reads back,
 * evaluate --run reproduces the run's validation exactly, predict --run names classes with the
 * run's preprocessing, --resume alone continues bitwise, and bad inputs fail before training.
 */
class RunArtifactsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> trainArgs(Path data, Path run, int epochs, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "mlp(hidden=[16])", "--data", "imagefolder:" + data,
                "--batch-size", "4", "--optimizer", "SGD(lr=0.1, momentum=0.9)", "--epochs", String.valueOf(epochs),
                "-o", run.toString(), "--format", "json"));
        a.addAll(List.of(more));
        return a;
    }

    private static JsonNode ok(CliRun r) throws Exception {
        return r.json();
    }

    private static JsonNode lastEpochRow(Path run) throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"kind\":\"epoch\"")).toList();
        return JSON.readTree(rows.get(rows.size() - 1));
    }

    static void assertSameWeights(Path a, Path b) throws Exception {
        Map<String, Tensor> x = WeightsFiles.load(a);
        Map<String, Tensor> y = WeightsFiles.load(b);
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertTrue(x.get(k).equal(y.get(k)), "tensor " + k + " differs between " + a + " and " + b);
        }
    }

    @Test
    void evaluateAndPredictReproduceTheRunsValidation(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 8);
        Path run = dir.resolve("run");
        ok(CliRun.of(trainArgs(data, run, 2).toArray(String[]::new)));

        ModelDescription d = ModelDescription.read(run.resolve("model.json"));
        assertEquals("mlp(hidden=[16], num_classes=3)", d.model());
        assertEquals(List.of(RunFolders.CLASSES), d.classes());
        // ClassificationPresetEval sized from the data's 8x8 images: Resize(round(8 * 256 / 224)), CenterCrop(8)
        assertEquals(List.of(9), d.preprocessing().toMap().get("resize_size"), "image size from the data");
        assertEquals(8, d.preprocessing().toMap().get("crop_size"));
        assertEquals(List.of(0.485, 0.456, 0.406), d.preprocessing().toMap().get("mean"));
        assertFalse(d.interrupted());

        JsonNode logged = lastEpochRow(run);
        JsonNode e = ok(CliRun.of("evaluate", "--run", run.toString(), "--format", "json", "--output",
                dir.resolve("cm.png").toString()));
        assertEquals(logged.get("val_acc").asDouble(), e.get("metrics").get("val_acc").asDouble(), 0.0);
        assertEquals(logged.get("val_loss").asDouble(), e.get("metrics").get("val_loss").asDouble(), 0.0);
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                long c = e.get("confusion_matrix").get(t).get(p).asLong();
                total += c;
                diagonal += t == p ? c : 0;
            }
        }
        assertEquals(12, total);
        assertEquals(e.get("metrics").get("val_acc").asDouble(), diagonal / 12.0, 1e-12);
        assertTrue(e.get("per_class_accuracy").has("stripes"));
        assertTrue(Files.size(dir.resolve("cm.png")) > 1000);

        CliRun.FolderPredictions predicted = CliRun.predictFolder(run, data.resolve("val"), "--top-k", "2");
        JsonNode p = predicted.json();
        List<String> truth = predicted.truth();
        int right = 0;
        for (int i = 0; i < truth.size(); i++) {
            JsonNode pred = p.get("predictions").get(i);
            assertEquals(2, pred.get("top_k").size());
            assertEquals(RunFolders.CLASSES[pred.get("index").asInt()], pred.get("label").asText());
            right += pred.get("label").asText().equals(truth.get(i)) ? 1 : 0;
        }
        assertEquals(e.get("metrics").get("val_acc").asDouble(), right / (double) truth.size(), 1e-12,
                "predict --run on the val images agrees with evaluate --run");
        assertEquals(3, p.get("logits").get(0).size());

        // the written config.json reads back: the same run again, bitwise
        Path again = dir.resolve("again");
        ok(CliRun.of("train", "--config", run.resolve("config.json").toString(), "-o", again.toString(), "--format", "json"));
        assertSameWeights(run.resolve("model.pth"), again.resolve("model.pth"));

        // fine-tuned from the run's model.pth: its normalisation comes along; the run's weights are what evaluate loads
        Path tuned = dir.resolve("tuned");
        CliRun t = CliRun.of(trainArgs(data, tuned, 1, "--weights", run.resolve("model.pth").toString(), "--reset-head")
                .toArray(String[]::new));
        ok(t);
        assertTrue(t.err().contains("fresh head (--reset-head) [3.weight, 3.bias]"), t.err());
        JsonNode te = ok(CliRun.of("evaluate", "--run", tuned.toString(), "--format", "json"));
        assertEquals(lastEpochRow(tuned).get("val_acc").asDouble(), te.get("metrics").get("val_acc").asDouble(), 0.0);

        // other weights than the run's model: strict loading refuses them, non-zero exit
        CliRun wrong = CliRun.of("evaluate", "--run", tuned.toString(), "--model", "mlp(hidden=[8])");
        assertNotEquals(0, wrong.code());
        assertTrue(wrong.err().contains("do not fit --model mlp(hidden=[8])") && !wrong.err().contains("backbone"),
                wrong.err());
    }

    @Test
    void resumeAloneContinuesBitwiseAndRefusesOtherSettings(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 6);
        Path full = dir.resolve("full");
        ok(CliRun.of(trainArgs(data, full, 2).toArray(String[]::new)));
        Path half = dir.resolve("half");
        ok(CliRun.of(trainArgs(data, half, 1).toArray(String[]::new)));
        Path ckpt = half.resolve("checkpoints/last.ckpt");

        CliRun r = CliRun.of("train", "--resume", ckpt.toString(), "--epochs", "2", "--format", "json");
        JsonNode j = ok(r);
        assertTrue(r.err().contains("resumed from epoch 1 step 5"), r.err());
        assertEquals(5, j.get("resumed_from").get("step").asInt());
        assertEquals(10, j.get("global_step").asInt());
        assertSameWeights(full.resolve("model.pth"), half.resolve("model.pth"));

        CliRun other = CliRun.of("train", "--resume", ckpt.toString(), "--optimizer", "Adam(lr=0.1)", "--batch-size", "4");
        assertNotEquals(0, other.code());
        assertTrue(other.err().contains("--optimizer (checkpoint: SGD(lr=0.1, momentum=0.9), given: Adam(lr=0.1))")
                && !other.err().contains("--batch-size ("), other.err());

        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"batch_size\": 8, \"model\": \"mlp(hidden=[16])\"}");
        CliRun cfg = CliRun.of("train", "--resume", ckpt.toString(), "--config", foreign.toString());
        assertNotEquals(0, cfg.code());
        assertTrue(cfg.err().contains("--batch-size (checkpoint: 4, given: 8)"), cfg.err());

        CliRun weightsAsCkpt = CliRun.of("train", "--resume", full.resolve("model.pth").toString());
        assertNotEquals(0, weightsAsCkpt.code());
        assertTrue(weightsAsCkpt.err().contains("not a TrainKit training checkpoint"), weightsAsCkpt.err());
    }

    @Test
    void classCountMismatchFailsBeforeTraining(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 2);
        CliRun r = CliRun.of("train", "--model", "mlp(num_classes=4)", "--data", "imagefolder:" + data, "-o",
                dir.resolve("run").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("num_classes=4") && r.err().contains("3 classes [bright, dark, stripes]"), r.err());
        assertFalse(Files.exists(dir.resolve("run/metrics.jsonl")));
    }

    @Test
    void badImagesFailNamingTheFileOrAreSkippedAndCounted(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 4);
        Path bad = RunFolders.truncatedJpeg(data.resolve("train/dark/broken.jpg"));
        CliRun fails = CliRun.of(trainArgs(data, dir.resolve("a"), 1).toArray(String[]::new));
        assertNotEquals(0, fails.code());
        assertTrue(fails.err().contains(bad.toString()), fails.err());

        JsonNode j = ok(CliRun.of(trainArgs(data, dir.resolve("b"), 1, "--on-bad-image", "skip").toArray(String[]::new)));
        assertEquals(1, j.get("skipped_images").asInt());
        CliRun wrong = CliRun.of(trainArgs(data, dir.resolve("c"), 1, "--on-bad-image", "ignore").toArray(String[]::new));
        assertTrue(wrong.err().contains("expected error or skip, got 'ignore'"), wrong.err());
    }

    @Test
    void weightsInspectPrintsATableByDefault(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 2);
        ok(CliRun.of(trainArgs(data, dir.resolve("run"), 1).toArray(String[]::new)));
        CliRun r = CliRun.of("weights", "inspect", dir.resolve("run/model.pth").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1.weight") && r.out().contains("float32") && r.out().contains("[16, 192]")
                && r.out().contains("4 tensors"), r.out());
    }
}
