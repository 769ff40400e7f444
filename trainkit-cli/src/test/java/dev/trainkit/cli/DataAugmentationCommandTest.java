package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainkit train} with the data flags of torchvision's recipe on a tiny ImageFolder, then
 * evaluate and predict reading the recorded eval preprocessing; runs recorded before the presets
 * (an exact resize, no crop) still evaluate; bad values fail naming the flag.
 */
class DataAugmentationCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ok(CliRun r) throws Exception {
        return r.json();
    }

    private static double loggedValAcc(Path run) throws Exception {
        List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"kind\":\"epoch\"")).toList();
        return JSON.readTree(rows.get(rows.size() - 1)).get("val_acc").asDouble();
    }

    @Test
    void trainsWithTheRecipesDataFlagsAndEvaluatesWithTheRecordedPreset(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 86); // 258 training images: RASampler needs 256
        Path run = dir.resolve("run");
        JsonNode trained = ok(CliRun.of("train", "--model", "mlp(hidden=[16])", "--data", "imagefolder:" + data,
                "--batch-size", "32", "--optimizer", "SGD(lr=0.1, momentum=0.9)", "--epochs", "1", "--auto-augment",
                "ta_wide", "--random-erase", "0.25", "--ra-sampler", "--ra-reps", "2", "--val-resize-size", "10",
                "--interpolation", "bilinear", "--num-workers", "1", "-o", run.toString(), "--format", "json"));
        // RASampler visits 258 // 256 * 256 = 256 indices: 8 batches of 32 (a shuffle would give 9)
        assertEquals(8, trained.get("global_step").asInt());

        JsonNode pre = JSON.readTree(run.resolve("model.json").toFile()).get("preprocessing");
        assertEquals("[10]", pre.get("resize_size").toString());
        assertEquals(8, pre.get("crop_size").asInt(), "the crop defaults to the images' size");
        assertEquals("bilinear", pre.get("interpolation").asText());
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile()).get("cli");
        assertEquals("ta_wide", config.get("auto_augment").asText());
        assertEquals(0.25, config.get("random_erase").asDouble());
        assertTrue(config.get("ra_sampler").asBoolean());
        assertEquals(2, config.get("ra_reps").asInt());

        JsonNode e = ok(CliRun.of("evaluate", "--run", run.toString(), "--format", "json"));
        double acc = e.get("metrics").get("val_acc").asDouble();
        assertEquals(loggedValAcc(run), acc, 0.0, "evaluate reproduces the run's validation");

        CliRun.FolderPredictions predicted = CliRun.predictFolder(run, data.resolve("val"));
        assertEquals(acc, predicted.accuracy(), 1e-12, "predict --run agrees with evaluate --run");

        // a run recorded before the presets: an exact [h, w] resize and no crop still evaluates
        ObjectNode model = (ObjectNode) JSON.readTree(run.resolve("model.json").toFile());
        ObjectNode old = (ObjectNode) model.get("preprocessing");
        old.putArray("resize_size").add(8).add(8);
        old.putNull("crop_size");
        Files.writeString(run.resolve("model.json"), JSON.writeValueAsString(model));
        JsonNode oldEval = ok(CliRun.of("evaluate", "--run", run.toString(), "--format", "json"));
        assertEquals(e.get("samples").asInt(), oldEval.get("samples").asInt());
    }

    @Test
    void fashionMnistTakesThePresetsOnlyWhenAFlagIsGiven(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        ok(CliRun.of("train", "--model", "mlp(hidden=[8])", "--data", "fashion-mnist", "--max-steps", "2",
                "--batch-size", "50", "-o", plain.toString(), "--format", "json"));
        JsonNode p = JSON.readTree(plain.resolve("model.json").toFile()).get("preprocessing");
        assertEquals("[28,28]", p.get("resize_size").toString(), "the plain resize by default");
        assertTrue(p.get("crop_size").isNull());

        Path aug = dir.resolve("aug");
        ok(CliRun.of("train", "--model", "mlp(hidden=[8])", "--data", "fashion-mnist", "--max-steps", "2",
                "--batch-size", "50", "--train-crop-size", "24", "--auto-augment", "augmix", "-o", aug.toString(),
                "--format", "json"));
        JsonNode a = JSON.readTree(aug.resolve("model.json").toFile()).get("preprocessing");
        assertEquals("[27]", a.get("resize_size").toString(), "round(24 * 256 / 224)");
        assertEquals(24, a.get("crop_size").asInt());
        assertTrue(a.get("grayscale").asBoolean());
        assertEquals(1, a.get("channels").asInt());
        assertEquals("[1,24,24]", JSON.readTree(aug.resolve("model.json").toFile()).get("input_shape").toString());
    }

    @Test
    void badDataFlagsAreNamed(@TempDir Path dir) throws Exception {
        Path data = RunFolders.imageFolder(dir.resolve("data"), 2);
        String[][] cases = {
            {"--auto-augment", "rand", "--auto-augment: expected ra, ta_wide, augmix, imagenet, cifar10 or svhn"},
            {"--interpolation", "lanczos", "--interpolation: expected bilinear, bicubic or nearest, got 'lanczos'"},
            {"--train-crop-size", "0", "--train-crop-size: expected a positive size, got 0"},
            {"--ra-reps", "0", "--ra-reps: expected a positive number"},
            {"--random-erase", "1.5", "--random-erase: expected a probability"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("train", "--model", "mlp()", "--data", "imagefolder:" + data, "--epochs", "1",
                    "-o", dir.resolve("run").toString(), c[0], c[1]);
            assertNotEquals(0, r.code(), String.join(" ", c));
            assertTrue(r.err().contains(c[2]), c[0] + ": " + r.err());
        }
        CliRun bicubic = CliRun.of("train", "--model", "mlp()", "--data", "imagefolder:" + data, "--epochs", "1",
                "--interpolation", "bicubic", "--auto-augment", "ra");
        assertTrue(bicubic.err().contains("--interpolation bicubic with --auto-augment ra"), bicubic.err());
        CliRun both = CliRun.of("train", "--model", "mlp()", "--data", "imagefolder:" + data, "--epochs", "1",
                "--val-resize-size", "6", "--val-crop-size", "7");
        assertTrue(both.err().contains("--val-crop-size 7 is larger than --val-resize-size 6"), both.err());
    }
}
