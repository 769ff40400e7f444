package dev.trainkit.train;

import dev.trainkit.metrics.TopKAccuracy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void writesMetricsPlotsReportConfigAndCheckpoint(@TempDir Path dir) throws Exception {
        Module model = TrainerTest.mlp();
        Trainer.builder().maxEpochs(2).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1, momentum=0.9)")
                .scheduler("StepLR(step_size=2)", Interval.STEP).metrics(() -> new TopKAccuracy(1))
                .runDir(dir).configEntry("model", "mlp(hidden=[16])").progress(true).logEveryNSteps(2).build()
                .fit(model, Synthetic.loader(Synthetic.blobs(24, 1), 6, false), Synthetic.loader(Synthetic.blobs(12, 2), 6, false));
        for (String f : List.of("metrics.csv", "metrics.jsonl", "loss.png", "lr.png", "metrics.png", "report.md",
                "config.json", "checkpoints/last.ckpt")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertTrue(csv.get(0).startsWith("kind,epoch,step,train_loss,lr"), csv.get(0));
        assertEquals(1 + 8 + 2, csv.size()); // header, 8 step rows, 2 epoch rows
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> rows = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(l -> {
            try {
                return om.readTree(l);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).toList();
        JsonNode lastEpoch = rows.get(rows.size() - 1);
        assertEquals("epoch", lastEpoch.get("kind").asText());
        assertEquals(8, lastEpoch.get("step").asInt());
        assertTrue(lastEpoch.has("val_acc") && lastEpoch.has("val_loss") && lastEpoch.has("train_loss"));
        // lr column follows StepLR(step_size=2, gamma=0.1) per step: 0.1, 0.1, 0.01, 0.01, ...
        assertEquals(0.01, rows.get(2).get("lr").asDouble(), 1e-12);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("![loss](loss.png)") && report.contains("![lr](lr.png)"), report);
        assertTrue(report.contains("| global_step | 8 |"), report);
        JsonNode config = om.readTree(dir.resolve("config.json").toFile());
        assertEquals(2, config.get("max_epochs").asInt());
        assertEquals("SGD(lr=0.1, momentum=0.9)", config.get("optimizer").asText());
        assertEquals("mlp(hidden=[16])", config.get("model").asText());
        assertEquals(4, config.get("steps_per_epoch").asInt());
        byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    void nanGuardStopsNamingTheStepAndKeepsLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        // the 6th loss evaluation (step 6, batch size 1 step per batch) is NaN
        dev.trainkit.nn.loss.LossFunction poisoned = (out, y) -> {
            Tensor l = ce.apply(out, y);
            return calls.incrementAndGet() == 6 ? l.mul(Double.NaN) : l;
        };
        Module model = TrainerTest.mlp();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder()
                .maxEpochs(3).loss(poisoned).optimizer("SGD(lr=0.1)").checkpointEveryNSteps(2).runDir(dir)
                .progress(false).build()
                .fit(model, Synthetic.loader(Synthetic.blobs(24, 1), 6, false), null));
        assertEquals(6, e.step());
        assertTrue(e.getMessage().contains("non-finite loss (NaN) at epoch 1, step 6 (batch 2 of the epoch)"),
                e.getMessage());
        Path ckpt = dir.resolve("checkpoints/last.ckpt");
        assertTrue(e.getMessage().contains("Last good checkpoint: " + ckpt), e.getMessage());
        Map<String, Object> saved = new ZipCheckpointStore().load(ckpt);
        assertEquals(4L, saved.get("global_step"));
        Map<String, Tensor> weights = CheckpointState.stateDict(saved, "test");
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            assertTrue(w.getValue().isfinite().logicalNot().sum().item() == 0, w.getKey());
        }
        // the bad step was not applied; step 5 (after the checkpoint) was, so the model moved on from it
        assertTrue(model.parameters().stream().allMatch(p -> p.isfinite().logicalNot().sum().item() == 0));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("NaN/Inf guard"));
    }

    @Test
    void inProcessResumeContinuesFromCheckpoint(@TempDir Path dir) throws Exception {
        Module a = ResumeMain.model();
        ResumeMain.trainer(dir.resolve("a"), null).fit(a, Synthetic.loader(Synthetic.blobs(60, 1), 5, true),
                Synthetic.loader(Synthetic.blobs(30, 2), 10, false));
        // stop the second run after 4 steps by a callback, then resume it with a fresh model object
        Callback stopAt4 = new Callback() {
            public void onTrainBatchEnd(TrainContext c, long step, double loss) {
                if (step == 4) {
                    c.requestStop("test");
                }
            }
        };
        Module b = ResumeMain.model();
        ResumeMain.trainer(dir.resolve("b"), stopAt4).fit(b, Synthetic.loader(Synthetic.blobs(60, 1), 5, true),
                Synthetic.loader(Synthetic.blobs(30, 2), 10, false));
        Module c = ResumeMain.model();
        FitResult r = ResumeMain.trainer(dir.resolve("b"), null).fit(c, Synthetic.loader(Synthetic.blobs(60, 1), 5, true),
                Synthetic.loader(Synthetic.blobs(30, 2), 10, false), dir.resolve("b/checkpoints/last.ckpt"));
        assertEquals(18, r.globalStep());
        assertTrue(java.util.Arrays.equals(ResumeMain.weights(a), ResumeMain.weights(c)));
    }

    @Test
    void resumingFromAWeightsFileIsRefused(@TempDir Path dir) throws Exception {
        Module m = TrainerTest.mlp();
        new ZipCheckpointStore().save(Map.of("state_dict", m.stateDict()), dir.resolve("w.ckpt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").progress(false).build()
                .fit(m, Synthetic.loader(Synthetic.blobs(6, 1), 6, false), null, dir.resolve("w.ckpt")));
        assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
    }

    @Test
    void lrFindSweepsRestoresWeightsAndPlots(@TempDir Path dir) {
        Module m = TrainerTest.mlp();
        byte[] before = ResumeMain.weights(m);
        LrFindResult r = Trainer.builder().loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").build()
                .lrFind(m, Synthetic.loader(Synthetic.blobs(240, 1), 8, true),
                        new LrFinder().minLr(1e-5).maxLr(100).numSteps(60).plot(dir.resolve("lr_find.png")));
        assertTrue(java.util.Arrays.equals(before, ResumeMain.weights(m)), "weights not restored");
        assertTrue(r.lrs().length > 15 && r.lrs().length <= 60);
        assertEquals(1e-5, r.lrs()[0], 1e-15);
        assertTrue(r.stoppedEarly(), "lr up to 100 should diverge");
        assertTrue(r.suggestion() > 1e-4 && r.suggestion() < 50, "suggestion " + r.suggestion());
        assertTrue(Files.exists(dir.resolve("lr_find.png")));
    }
}
