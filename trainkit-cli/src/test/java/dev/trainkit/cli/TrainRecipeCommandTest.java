package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainkit train} with the training side of torchvision's classification recipe: one
 * 3-epoch run with every flag (MixUp + CutMix, label smoothing, EMA every 2 steps, linear warmup,
 * norm/bias weight decay, top-k by {@code ema_val_acc}, gradient clipping), its warmup lrs against
 * the reference script's ({@code golden/torchvision_warmup.json}), {@code evaluate} and
 * {@code predict} on the run directory, an exact mid-epoch {@code --resume}; and the recipe
 * flags' bad values as clear errors before any training.
 */
class TrainRecipeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2 classes x 8 training (4 validation) PNGs of 16x16. */
    static Path imageFolder(Path root) throws Exception {
        Random rnd = new Random(11);
        for (String split : new String[] {"train", "val"}) {
            for (int c = 0; c < 2; c++) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(c == 0 ? "bright" : "dark"));
                for (int i = 0; i < (split.equals("train") ? 8 : 4); i++) {
                    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int v = Math.max(0, Math.min(255, (c == 0 ? 190 : 60) + rnd.nextInt(60) - 30));
                            img.setRGB(x, y, (v << 16) | (v << 8) | v);
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
                }
            }
        }
        return root;
    }

    private static List<String> recipe(Path data, Path run, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "cnn(channels=[8])", "--data", "imagefolder:" + data,
                "--batch-size", "4", "--epochs", "3", "--precision", "32",
                "--optimizer", "SGD(lr=0.1, momentum=0.9, weight_decay=1e-4)",
                "--scheduler", "CosineAnnealingLR(T_max=7)", "--lr-warmup-epochs", "1", "--lr-warmup-method", "linear",
                "--mixup-alpha", "0.2", "--cutmix-alpha", "1.0", "--label-smoothing", "0.1",
                "--model-ema", "--model-ema-steps", "2", "--model-ema-decay", "0.99",
                "--norm-weight-decay", "0.0", "--bias-weight-decay", "0.0",
                "--auto-augment", "ta_wide", "--random-erase", "0.1",
                "--save-top-k", "2", "--monitor", "ema_val_acc", "--clip-grad-norm", "1.0",
                "--checkpoint-every", "1", "-o", run.toString(), "--format", "json"));
        a.addAll(List.of(more));
        return a;
    }

    private static JsonNode ok(CliRun r) throws Exception {
        return r.json();
    }

    private static List<JsonNode> epochRows(Path run) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            if (l.contains("\"kind\":\"epoch\"")) {
                rows.add(JSON.readTree(l));
            }
        }
        return rows;
    }

    private static void assertSameWeights(Path a, Path b) throws Exception {
        Map<String, Tensor> x = WeightsFiles.load(a);
        Map<String, Tensor> y = WeightsFiles.load(b);
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertTrue(x.get(k).equal(y.get(k)), "tensor " + k + " differs between " + a + " and " + b);
        }
    }

    @Test
    void wholeRecipeTrainsEvaluatesPredictsAndResumes(@TempDir Path dir) throws Exception {
        Path data = imageFolder(dir.resolve("data"));
        Path run = dir.resolve("run");
        JsonNode j = ok(CliRun.of(recipe(data, run).toArray(String[]::new)));
        assertEquals(12, j.get("global_step").asInt());
        for (String k : new String[] {"train_loss", "train_acc", "val_loss", "val_acc", "ema_val_loss", "ema_val_acc"}) {
            assertTrue(j.get("metrics").has(k), k + " in " + j.get("metrics"));
        }
        for (String f : new String[] {"model.pth", "model_ema.pth", "checkpoints/best.ckpt", "checkpoints/best.pth",
                "checkpoints/best_ema.pth"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }

        // the lr of each epoch: train.py's SequentialLR([LinearLR(0.01, 1), CosineAnnealingLR(T_max=7)], [1])
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/torchvision_warmup.json")) {
            assertNotNull(in, "golden/torchvision_warmup.json from trainkit-core's tests");
            golden = JSON.readTree(in);
        }
        JsonNode c = null;
        for (JsonNode k : golden.get("cases")) {
            if (k.get("lr_scheduler").asText().equals("cosineannealinglr") && k.get("epochs").asInt() == 8
                    && k.get("lr_warmup_epochs").asInt() == 1 && k.get("lr").asDouble() == 0.1) {
                c = k;
            }
        }
        assertNotNull(c, "the golden case lr 0.1, cosine over 8 epochs, 1 linear warmup epoch");
        List<JsonNode> rows = epochRows(run);
        assertEquals(3, rows.size());
        for (int e = 0; e < 3; e++) {
            double want = c.get("lrs").get(e).asDouble();
            assertEquals(want, rows.get(e).get("lr").asDouble(), 1e-12 * want, "lr of epoch " + e);
        }

        // evaluate --run measures model.pth (the trained weights): the logged val_*; model_ema.pth: the logged ema_val_*
        JsonNode last = rows.get(2);
        JsonNode e = ok(CliRun.of("evaluate", "--run", run.toString(), "--format", "json"));
        assertEquals(last.get("val_acc").asDouble(), e.get("metrics").get("val_acc").asDouble(), 0.0);
        assertEquals(last.get("val_loss").asDouble(), e.get("metrics").get("val_loss").asDouble(), 1e-12);
        JsonNode ee = ok(CliRun.of("evaluate", "--run", run.toString(), "--weights", run.resolve("model_ema.pth").toString(),
                "--format", "json"));
        assertEquals(last.get("ema_val_acc").asDouble(), ee.get("metrics").get("val_acc").asDouble(), 0.0);
        assertEquals(last.get("ema_val_loss").asDouble(), ee.get("metrics").get("val_loss").asDouble(), 1e-12);

        CliRun.FolderPredictions predicted = CliRun.predictFolder(run, data.resolve("val"), "--top-k", "1");
        assertEquals(e.get("metrics").get("val_acc").asDouble(), predicted.accuracy(), 1e-12);

        // stopped in the middle of epoch 1, then --resume: the same weights, EMA and metrics as the whole run
        Path cut = dir.resolve("cut");
        ok(CliRun.of(recipe(data, cut, "--max-steps", "6").toArray(String[]::new)));
        JsonNode r = ok(CliRun.of("train", "--resume", cut.resolve("checkpoints/last.ckpt").toString(), "--max-steps",
                "100", "--format", "json"));
        assertEquals(6, r.get("resumed_from").get("step").asInt());
        assertEquals(12, r.get("global_step").asInt());
        assertSameWeights(run.resolve("model.pth"), cut.resolve("model.pth"));
        assertSameWeights(run.resolve("model_ema.pth"), cut.resolve("model_ema.pth"));
        assertEquals(last.toString(), epochRows(cut).get(2).toString().replace(cut.toString(), run.toString()));
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void dataParallelWithSyncBatchNormResumesExactly(@TempDir Path dir) throws Exception {
        Path data = imageFolder(dir.resolve("data"));
        String[] ddp = {"--nproc", "2", "--sync-bn"};
        Path full = dir.resolve("full");
        List<String> a = recipe(data, full);
        a.addAll(List.of(ddp));
        TrainCommandTest.Run r = TrainDistributedCommandTest.runCapturing(a);
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode config = JSON.readTree(full.resolve("config.json").toFile());
        assertTrue(config.get("sync_batch_norm").asBoolean() && config.get("world_size").asInt() == 2, config.toString());
        Path cut = dir.resolve("cut");
        List<String> c = recipe(data, cut, "--max-steps", "3"); // 2 steps per epoch: stops inside epoch 1
        c.addAll(List.of(ddp));
        assertEquals(0, TrainDistributedCommandTest.runCapturing(c).code());
        TrainCommandTest.Run resumed = TrainDistributedCommandTest.runCapturing(List.of("train", "--resume",
                cut.resolve("checkpoints/last.ckpt").toString(), "--max-steps", "100", "--nproc", "2", "--format", "json"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertSameWeights(full.resolve("model.pth"), cut.resolve("model.pth"));
        assertSameWeights(full.resolve("model_ema.pth"), cut.resolve("model_ema.pth"));
    }

    @Test
    void recipeKeysReadFromYaml(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("recipe.yaml");
        Files.writeString(yaml, String.join("\n", "model: mlp()", "mixup_alpha: 0.2", "cutmix_alpha: 1.0",
                "label_smoothing: 0.1", "model_ema: true", "model_ema_steps: 16", "model_ema_decay: 0.9999",
                "lr_warmup_epochs: 5", "lr_warmup_method: linear", "lr_warmup_decay: 0.01",
                "scheduler: CosineAnnealingLR(T_max=25)", "norm_weight_decay: 0.0", "bias_weight_decay: 0.0",
                "transformer_embedding_decay: 0.0", "swa_lrs: 0.05", "swa_epoch_start: 0.8", ""));
        TrainOptions o = new TrainOptions();
        o.config = yaml;
        TrainSettings.resolve(o);
        TrainRecipe.check(o);
        assertEquals(0.2, o.mixupAlpha);
        assertEquals(16, o.modelEmaSteps);
        assertEquals("0.8", o.swaEpochStart);
        assertEquals("CrossEntropyLoss(label_smoothing=0.1)", TrainRecipe.lossSpec(o));
        assertEquals("SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=5), CosineAnnealingLR(T_max=25)], "
                + "milestones=[5])", TrainRecipe.schedulerSpec(o));
        assertEquals(Boolean.TRUE, TrainSettings.toMap(o).get("model_ema"));
    }

    private static void refused(String expected, String... flags) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "mlp()"));
        a.addAll(List.of(flags));
        if (!a.contains("--data")) {
            a.addAll(List.of("--data", "imagefolder:/nonexistent"));
        }
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertNotEquals(0, r.code(), String.join(" ", flags));
        assertTrue(r.err().contains(expected), String.join(" ", flags) + " -> " + r.err());
    }

    @Test
    void badRecipeFlagsAreClearErrorsBeforeAnyData(@TempDir Path dir) throws Exception {
        refused("--mixup-alpha: expected a value >= 0 (0 turns it off), got -0.2", "--mixup-alpha", "-0.2");
        refused("--cutmix-alpha: expected a value >= 0", "--cutmix-alpha", "-1");
        refused("--label-smoothing: expected a value in [0, 1), got 1.0", "--label-smoothing", "1.0");
        refused("--label-smoothing sets CrossEntropyLoss(label_smoothing=...)", "--label-smoothing", "0.1",
                "--loss", "CrossEntropyLoss(label_smoothing=0.2)");
        refused("--model-ema-steps: expected at least 1 optimizer step, got 0", "--model-ema", "--model-ema-steps", "0");
        refused("--model-ema-decay: expected a value in (0, 1), got 1.5", "--model-ema", "--model-ema-decay", "1.5");
        refused("add --model-ema", "--model-ema-steps", "4");
        refused("give one", "--model-ema", "--ema", "0.99");
        refused("--sync-bn synchronizes BatchNorm statistics across processes: it needs --nproc N with N > 1",
                "--sync-bn");
        refused("Invalid warmup lr method 'cosine'. Only linear and constant are supported.",
                "--scheduler", "StepLR(step_size=2)", "--lr-warmup-epochs", "2", "--lr-warmup-method", "cosine");
        refused("give it with --scheduler", "--lr-warmup-epochs", "2");
        refused("add it", "--lr-warmup-decay", "0.1");
        refused("--swa-lrs: expected a positive learning rate, got -1.0", "--swa-lrs", "-1");
        refused("--swa-epoch-start: expected an epoch (1-based integer) or a fraction", "--swa-lrs", "0.05",
                "--swa-epoch-start", "soon");
        refused("swa_epoch_start: expected a fraction in [0, 1]", "--swa-lrs", "0.05", "--swa-epoch-start", "1.5");
        refused("--norm-weight-decay/--bias-weight-decay/--transformer-embedding-decay group the parameters by weight "
                + "decay", "--norm-weight-decay", "0", "--head-lr", "0.1", "--data", "imagefolder:" + imageFolder(
                        dir.resolve("d0")));
        Path data = imageFolder(dir.resolve("data"));
        refused("--monitor ema_val_acc: not a metric of this run (ema_val_* needs --model-ema)", "--save-top-k", "2",
                "--monitor", "ema_val_acc", "--data", "imagefolder:" + data);
        refused("weight_decay must be >= 0, got -1.0", "--norm-weight-decay", "0.0",
                "--optimizer", "SGD(lr=0.1, weight_decay=-1)", "--data", "imagefolder:" + data);
    }
}
