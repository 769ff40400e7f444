package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.amp.Precision;
import dev.trainkit.nn.Module;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top floor's contract: an immutable config, built-ins as replaceable callbacks, the full hook order. */
class TrainerCallbacksTest {

    @Test
    void reusingTheBuilderDoesNotChangeATrainerAlreadyBuilt() {
        TrainerBuilder b = Trainer.builder().maxEpochs(2).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)")
                .precision("bf16-mixed");
        Trainer first = b.build();
        b.maxEpochs(7).optimizer("Adam(lr=1e-3)").precision(Precision.FP32).freeze(List.of("0"));
        assertEquals(2, first.config().maxEpochs());
        assertEquals("SGD(lr=0.1)", first.config().optimizerDescription());
        assertEquals(Precision.BF16_MIXED, first.config().precision());
        assertTrue(first.config().freeze().isEmpty());
        assertEquals(7, b.build().config().maxEpochs());
        assertThrows(UnsupportedOperationException.class, () -> first.config().freeze().add("x"));
    }

    @Test
    void everyHookFiresInLightningsOrder() {
        List<String> events = new ArrayList<>();
        Callback rec = new Callback() {
            public void onFitStart(TrainContext c) { events.add("fitStart"); }
            public void onEpochStart(TrainContext c) { events.add("epochStart"); }
            public void onTrainBatchStart(TrainContext c, int i) { events.add("batchStart" + i); }
            public void onBeforeBackward(TrainContext c, Tensor loss) { events.add("beforeBackward"); }
            public void onAfterBackward(TrainContext c) { events.add("afterBackward" + (c.accumulationWindowComplete() ? "!" : "")); }
            public void onBeforeOptimizerStep(TrainContext c) { events.add("beforeStep"); }
            public void onTrainBatchEnd(TrainContext c, long step, double loss) { events.add("batchEnd" + step); }
            public void onValidationStart(TrainContext c) { events.add("valStart"); }
            public void onValidationEnd(TrainContext c, Map<String, Double> m) { events.add("valEnd"); }
            public void onEpochEnd(TrainContext c, Map<String, Double> m) { events.add("epochEnd"); }
            public void onSaveCheckpoint(TrainContext c, Map<String, Object> ckpt) { events.add("save"); }
            public void onFitEnd(TrainContext c) { events.add("fitEnd"); }
        };
        Trainer t = Trainer.builder().maxEpochs(1).accumulateGradBatches(2).loss("CrossEntropyLoss()")
                .optimizer("SGD(lr=0.1)").callback(rec).progress(false).build();
        t.fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false),
                Synthetic.loader(Synthetic.blobs(6, 2), 6, false));
        assertEquals(List.of("fitStart", "epochStart",
                "batchStart0", "beforeBackward", "afterBackward",
                "batchStart1", "beforeBackward", "afterBackward!", "beforeStep", "batchEnd1",
                "valStart", "valEnd", "epochEnd", "fitEnd"), events);
    }

    @Test
    void saveAndLoadCheckpointHooksCarryCallbackEntries(@TempDir Path dir) {
        Callback adds = new Callback() {
            public void onSaveCheckpoint(TrainContext c, Map<String, Object> ckpt) { ckpt.put("my_note", "step " + c.globalStep()); }
        };
        Trainer.builder().maxEpochs(1).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").callback(adds)
                .runDir(dir).progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null);
        List<Object> seen = new ArrayList<>();
        Callback reads = new Callback() {
            public void onLoadCheckpoint(TrainContext c, Map<String, ?> ckpt) { seen.add(ckpt.get("my_note")); }
        };
        Trainer.builder().maxEpochs(2).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").callback(reads)
                .runDir(dir).progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null,
                        dir.resolve("checkpoints/last.ckpt"));
        assertEquals(List.of("step 2"), seen);
    }

    @Test
    void builtInsCanBeTurnedOffOrReplaced(@TempDir Path dir) throws Exception {
        // no checkpointing at all
        Trainer.builder().maxEpochs(1).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").runDir(dir.resolve("a"))
                .checkpointing(CheckpointPolicy.disabled()).progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null);
        assertFalse(Files.exists(dir.resolve("a/checkpoints/last.ckpt")));
        assertTrue(Files.exists(dir.resolve("a/metrics.csv")));
        // a user ModelCheckpoint replaces the default one: every step, no epoch-end file policy
        List<Long> saves = new ArrayList<>();
        Trainer.builder().maxEpochs(1).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").runDir(dir.resolve("b"))
                .callback(new ModelCheckpoint(CheckpointPolicy.lastEachEpoch().withEachEpoch(false).withEveryNSteps(1)))
                .callback(new Callback() {
                    public void onSaveCheckpoint(TrainContext c, Map<String, Object> ckpt) { saves.add(c.globalStep()); }
                }).progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null);
        assertEquals(List.of(1L, 2L), saves);
        // NaN guard off: a NaN loss trains on instead of throwing
        Trainer.builder().maxEpochs(1).loss((x, y) -> x.sum().mul(Double.NaN)).optimizer("SGD(lr=0.1)")
                .nanGuard(false).progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null);
        assertThrows(TrainingDivergedException.class, () -> Trainer.builder().maxEpochs(1)
                .loss((x, y) -> x.sum().mul(Double.NaN)).optimizer("SGD(lr=0.1)").progress(false).build()
                .fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null));
    }

    @Test
    void optimizerFactorySeesTheModelForNamedGroups() {
        Module model = TrainerTest.mlp();
        List<double[]> lrs = new ArrayList<>();
        Trainer.builder().maxEpochs(1).loss("CrossEntropyLoss()")
                .optimizer((m, params) -> new SGD(List.of(
                        ParamGroupSpec.of(m.getSubmodule("0").parameters()).with("lr", 0.01),
                        ParamGroupSpec.of(m.getSubmodule("2").parameters())), Map.of("lr", 0.1)))
                .callback(new Callback() {
                    public void onFitStart(TrainContext c) {
                        lrs.add(c.optimizer().paramGroups().stream().mapToDouble(g -> g.lr()).toArray());
                    }
                }).progress(false).build()
                .fit(model, Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null);
        assertEquals(0.01, lrs.get(0)[0]);
        assertEquals(0.1, lrs.get(0)[1]);
    }

    @Test
    void topKKeepsTheBestByTheMonitoredMetricAndRestoresIt(@TempDir Path dir) throws Exception {
        List<Double> valLoss = new ArrayList<>();
        Trainer t = Trainer.builder().maxEpochs(4).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.5)")
                .runDir(dir).saveTopK(2, "val_loss", "min").restoreBest(true)
                .callback(new Callback() {
                    public void onEpochEnd(TrainContext c, Map<String, Double> m) { valLoss.add(m.get("val_loss")); }
                }).progress(false).build();
        Module model = TrainerTest.mlp();
        var val = Synthetic.loader(Synthetic.blobs(30, 2), 10, false);
        t.fit(model, Synthetic.loader(Synthetic.blobs(24, 1), 6, true), val);
        List<Path> kept;
        try (var s = Files.list(dir.resolve("checkpoints"))) {
            kept = s.filter(p -> p.getFileName().toString().startsWith("epoch=")).sorted().toList();
        }
        assertEquals(2, kept.size(), kept.toString());
        assertTrue(Files.exists(dir.resolve("checkpoints/best.ckpt")));
        assertTrue(Files.exists(dir.resolve("checkpoints/best.pth")));
        // restoreBest: the model now validates at the best epoch's loss
        double best = valLoss.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double now = t.validate(model, val).get("val_loss");
        assertEquals(best, now, 1e-6);
        assertNotEquals(valLoss.get(valLoss.size() - 1), best, "the test needs a run whose last epoch is not the best");
    }

    @Test
    void topKWithoutAMonitoredMetricIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().saveTopK(1, null, "min"));
        assertTrue(e.getMessage().contains("needs a monitored metric"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().saveTopK(1, "val_loss", "lowest"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Trainer.builder().maxEpochs(1)
                .loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").runDir(dir).saveTopK(1, "val_acc", "max")
                .progress(false).build().fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null));
        assertTrue(missing.getMessage().contains("validation loader"), missing.getMessage());
    }

    @Test
    void requestStopFinishesTheStepAndWritesLastCheckpoint(@TempDir Path dir) throws Exception {
        Trainer[] self = new Trainer[1];
        self[0] = Trainer.builder().maxEpochs(3).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)").runDir(dir)
                .callback(new Callback() {
                    public void onTrainBatchEnd(TrainContext c, long step, double loss) {
                        if (step == 3) {
                            self[0].requestStop("SIGINT");
                        }
                    }
                }).progress(false).build();
        FitResult r = self[0].fit(TrainerTest.mlp(), Synthetic.loader(Synthetic.blobs(24, 1), 6, false), null);
        assertTrue(r.interrupted());
        assertEquals(3, r.globalStep());
        assertEquals("SIGINT", r.stopReason());
        Map<String, Object> ckpt = new ZipCheckpointStore().load(dir.resolve("checkpoints/last.ckpt"));
        assertEquals(3L, ((Number) ckpt.get("global_step")).longValue());
        assertEquals(3, ((Number) ckpt.get("batch_in_epoch")).intValue());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("SIGINT"));
    }

    @Test
    void schedulerIntervalAndMonitorComeFromTheRegistryTraits() {
        TrainerConfig c = Trainer.builder().scheduler("OneCycleLR(max_lr=0.1)")
                .scheduler("WarmupLR(scheduler=ReduceLROnPlateau(patience=1), warmup_t=2)")
                .scheduler("StepLR(step_size=2)").build().config();
        assertEquals(Interval.STEP, c.schedulers().get(0).interval());
        assertEquals(Interval.EPOCH, c.schedulers().get(1).interval());
        assertEquals("val_loss", c.schedulers().get(1).monitor());
        assertEquals(Interval.EPOCH, c.schedulers().get(2).interval());
        assertEquals(null, c.schedulers().get(2).monitor());
        // unknown keywords fail when configured, not when fit starts
        assertThrows(dev.trainkit.spec.SpecException.class, () -> Trainer.builder().scheduler("StepLR(step=2)"));
        assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().scheduler("ReduceLROnPlateau()", Interval.EPOCH, null));
    }

    @Test
    void nanGuardChecksTheGradientNormWithAndWithoutNormClipping() {
        // finite loss (0), NaN gradients: d|u|/du is 0 at 0 and d sqrt(v)/dv is inf there
        dev.trainkit.nn.loss.LossFunction nanGrads = (x, y) -> x.sub(x.detach()).abs().sqrt().sum();
        for (double clip : new double[] {0, 1.0}) {
            Module model = TrainerTest.mlp();
            float[] before = model.parameters().get(0).toFloatArray();
            TrainerBuilder b = Trainer.builder().maxEpochs(1).loss(nanGrads).optimizer("SGD(lr=0.1)").progress(false);
            if (clip > 0) {
                b.gradientClipVal(clip);
            }
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> b.build().fit(model, Synthetic.loader(Synthetic.blobs(12, 1), 6, false), null));
            assertTrue(e.getMessage().contains("gradient norm"), e.getMessage());
            assertArrayEqualsFloat(before, model.parameters().get(0).toFloatArray());
        }
    }

    private static void assertArrayEqualsFloat(float[] expected, float[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, "the bad step was not applied");
    }
}
