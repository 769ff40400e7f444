package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.metrics.TopKAccuracy;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.vision.transforms.BatchTransform;
import dev.trainkit.vision.transforms.MixedBatch;
import dev.trainkit.vision.transforms.MixupCutmix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's side of torchvision's recipe: batch transforms on training batches only,
 * {@code train_acc} against soft targets' arg-max, exact resume with MixUp/CutMix, the
 * torchvision EMA's {@code ema_val_*} and {@code model_ema.pth}, and
 * {@link StochasticWeightAveraging} against PyTorch's SWA loop.
 */
class TrainerRecipeTest {

    /** Two classes of 1x4x4 images: bright and dark. */
    static TensorDataset images(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 16];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 16; j++) {
                x[i * 16 + j] = (float) ((y[i] == 0 ? 0.8 : 0.2) + 0.2 * r.nextGaussian());
            }
        }
        return new TensorDataset(Torch.tensor(x, n, 1, 4, 4), Torch.tensor(y, n));
    }

    static Module mlp() {
        Torch.manualSeed(3);
        return ModelSpecs.create("mlp(hidden=[8])", new long[] {1, 4, 4}, 2);
    }

    /** Records the largest input value seen in training and in eval mode. */
    static final class Probe extends Module {
        final Module inner;
        double trainMax = Double.NEGATIVE_INFINITY;
        double evalMax = Double.NEGATIVE_INFINITY;

        Probe(Module inner) {
            this.inner = registerModule("inner", inner);
        }

        @Override
        public Tensor forward(Tensor x) {
            double m = x.max().item();
            if (isTraining()) {
                trainMax = Math.max(trainMax, m);
            } else {
                evalMax = Math.max(evalMax, m);
            }
            return inner.forward(x);
        }
    }

    @Test
    void batchTransformTouchesTrainingBatchesOnly() {
        int[] calls = {0};
        BatchTransform shift = (img, labels, draws) -> {
            calls[0]++;
            return new MixedBatch(img.add(1000.0), Torch.oneHot(labels, 2).to(DType.FLOAT32));
        };
        Probe model = new Probe(mlp());
        FitResult r = Trainer.builder().maxEpochs(2).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.01)")
                .batchTransform(shift).metrics(() -> new TopKAccuracy(1)).progress(false).build()
                .fit(model, DataLoader.of(images(16, 1)).batchSize(4).build(),
                        DataLoader.of(images(8, 2)).batchSize(4).build());
        assertEquals(2 * 4, calls[0], "one call per training batch");
        assertTrue(model.trainMax > 900, "training saw the transformed batches: " + model.trainMax);
        assertTrue(model.evalMax < 10, "validation saw the raw batches: " + model.evalMax);
        assertTrue(r.metrics().containsKey("train_acc") && r.metrics().containsKey("val_acc"), r.metrics().toString());
    }

    @Test
    void trainAccuracyComparesWithTheArgMaxOfSoftTargets() {
        // soft targets 0.6 on class 0, 0.4 on class 1 for every sample: the arg-max is class 0
        BatchTransform toClass0 = (img, labels, draws) -> new MixedBatch(img,
                Torch.tensor(new float[] {0.6f, 0.4f}, 1, 2).expand(labels.size(0), 2).contiguous());
        Module model = mlp();
        TensorDataset data = images(16, 1);
        long predicted0;
        try (var ng = dev.trainkit.tensor.NoGrad.enter()) {
            model.eval();
            Batch all = DataLoader.of(data).batchSize(16).build().iterator().next();
            predicted0 = model.forward(all.inputs()).argmax(1, false).eq(0L).sum().itemLong();
            model.train();
        }
        FitResult r = Trainer.builder().maxEpochs(1).loss("CrossEntropyLoss()").optimizer("SGD(lr=1e-30)")
                .batchTransform(toClass0).progress(false).build()
                .fit(model, DataLoader.of(data).batchSize(4).build(), null);
        assertEquals(predicted0 / 16.0, r.metrics().get("train_acc"), 1e-12, "hits of predicted class 0");
    }

    private static Trainer trainer(Path dir, long maxSteps) {
        TrainerBuilder b = Trainer.builder().maxEpochs(3).loss("CrossEntropyLoss(label_smoothing=0.1)")
                .optimizer("SGD(lr=0.1, momentum=0.9)").accumulateGradBatches(2).gradientClipVal(1.0)
                .batchTransform(MixupCutmix.of(2, 0.2, 1.0)).modelEma(EmaConfig.torchvision(0.9, 1, 1))
                .metrics(() -> new TopKAccuracy(1)).runDir(dir).checkpointEveryNSteps(1).progress(false);
        if (maxSteps > 0) {
            b.maxSteps(maxSteps);
        }
        return b.build();
    }

    static DataLoader<Sample, Batch> shuffled(TensorDataset ds) {
        return DataLoader.of(ds).batchSize(4).shuffle(true).seed(5).build();
    }

    @Test
    void resumeMidEpochWithMixupIsExact(@TempDir Path tmp) throws Exception {
        TensorDataset train = images(24, 1);
        java.util.function.Supplier<DataLoader<Sample, Batch>> val = () -> DataLoader.of(images(8, 2)).batchSize(4).build();
        Module whole = mlp();
        FitResult a = trainer(tmp.resolve("whole"), -1).fit(whole, shuffled(train), val.get());
        Module first = mlp();
        trainer(tmp.resolve("cut"), 4).fit(first, shuffled(train), val.get()); // stops in epoch 1 (3 steps/epoch)
        Path ckpt = tmp.resolve("cut/checkpoints/last.ckpt");
        Module resumed = mlp();
        FitResult b = trainer(tmp.resolve("cut"), -1).fit(resumed, shuffled(train), val.get(), ckpt);
        whole.stateDict().forEach((k, v) -> assertTrue(v.equal(resumed.stateDict().get(k)), "weights " + k));
        assertEquals(a.metrics(), b.metrics());
        assertTrue(a.metrics().containsKey("ema_val_acc") && a.metrics().containsKey("train_acc"), a.metrics().toString());
        byte[] emaA = Files.readAllBytes(tmp.resolve("whole/" + ModelEmaCallback.WEIGHTS_FILE));
        assertTrue(emaA.length > 0);
        Map<String, Tensor> ea = WeightsLoader.read(tmp.resolve("whole/" + ModelEmaCallback.WEIGHTS_FILE));
        Map<String, Tensor> eb = WeightsLoader.read(tmp.resolve("cut/" + ModelEmaCallback.WEIGHTS_FILE));
        ea.forEach((k, v) -> assertTrue(v.equal(eb.get(k)), "EMA " + k));
        assertFalse(ea.get("net.0.weight") != null && ea.get("net.0.weight").equal(whole.stateDict().get("net.0.weight")),
                "model_ema.pth holds the average, not the trained weights");
    }

    @Test
    void swaFollowsPyTorchsLoop() {
        JsonNode g = RecipeGolden.G.get("swa_run");
        int n = g.get("y").size();
        TensorDataset data = new TensorDataset(Torch.tensor(RecipeGolden.doubles(g.get("x")), n, 2).to(DType.FLOAT32),
                Torch.tensor(longs(g.get("y")), n));
        Linear model = new Linear(2, 3);
        model.loadStateDict(RecipeGolden.state(model, g.get("initial")), true);
        StochasticWeightAveraging swa = new StochasticWeightAveraging(() -> new Linear(2, 3), g.get("swa_lr").asDouble())
                .swaEpochStart(g.get("swa_epoch_start").asInt()).annealingEpochs(g.get("annealing_epochs").asInt());
        List<Double> lrs = new ArrayList<>();
        Callback lr = new Callback() {
            @Override
            public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
                lrs.add(ctx.epochLr());
            }
        };
        Trainer.builder().maxEpochs(g.get("epochs").asInt()).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1)")
                .scheduler("StepLR(step_size=1, gamma=0.5)").callback(lr).callback(swa).progress(false).build()
                .fit(model, DataLoader.of(data).batchSize(g.get("batch_size").asInt()).build(), null);
        double[] want = RecipeGolden.doubles(g.get("lrs"));
        for (int e = 0; e < want.length; e++) {
            assertEquals(want[e], lrs.get(e), 1e-12, "lr of epoch " + e);
        }
        assertEquals(g.get("n_averaged").asLong(), swa.averagedModel().nAveraged().itemLong());
        for (Map.Entry<String, Tensor> en : model.stateDict().entrySet()) {
            double d = RecipeGolden.maxDiff(en.getValue(), g.get("averaged").get(en.getKey()));
            assertTrue(d < 1e-5, en.getKey() + " ends as the average, off by " + d);
        }
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static Trainer swaTrainer(Path dir, int epochs, StochasticWeightAveraging swa) {
        return Trainer.builder().maxEpochs(epochs).loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1, momentum=0.9)")
                .scheduler("StepLR(step_size=1, gamma=0.5)").callback(swa).runDir(dir).progress(false).build();
    }

    @Test
    void swaResumesExactlyAndRecomputesBatchNorm(@TempDir Path tmp) throws Exception {
        TensorDataset train = images(16, 1);
        java.util.function.Supplier<Module> arch = () -> ModelSpecs.create("cnn(channels=[4])", new long[] {1, 4, 4}, 2);
        Torch.manualSeed(4);
        Module whole = arch.get();
        swaTrainer(tmp.resolve("a"), 4, new StochasticWeightAveraging(arch, 0.05).swaEpochStart(2).annealingEpochs(1))
                .fit(whole, shuffled(train), null);
        Torch.manualSeed(4);
        Module cut = arch.get();
        Trainer first = Trainer.builder().maxEpochs(4).maxSteps(12).loss("CrossEntropyLoss()")
                .optimizer("SGD(lr=0.1, momentum=0.9)").scheduler("StepLR(step_size=1, gamma=0.5)")
                .callback(new StochasticWeightAveraging(arch, 0.05).swaEpochStart(2).annealingEpochs(1))
                .runDir(tmp.resolve("b")).progress(false).build();
        first.fit(cut, shuffled(train), null); // 4 steps per epoch: stops after epoch 2 ends
        Module resumed = arch.get();
        swaTrainer(tmp.resolve("b"), 4, new StochasticWeightAveraging(arch, 0.05).swaEpochStart(2).annealingEpochs(1))
                .fit(resumed, shuffled(train), null, tmp.resolve("b/checkpoints/last.ckpt"));
        whole.stateDict().forEach((k, v) -> assertTrue(v.allclose(resumed.stateDict().get(k), 0, 0), k));
        // the BatchNorm statistics are the data's under the averaged weights: recomputing gives the same
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        whole.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        dev.trainkit.optim.swa.SwaUtils.updateBn(shuffled(train), Batch::inputs, whole);
        boolean hasBn = false;
        for (String k : before.keySet()) {
            if (k.endsWith("running_mean")) {
                hasBn = true;
                assertTrue(before.get(k).allclose(whole.stateDict().get(k), 1e-5, 1e-6), k);
            }
        }
        assertTrue(hasBn, "the cnn has BatchNorm layers");
    }

    @Test
    void badSwaAndSyncBnSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new StochasticWeightAveraging(() -> new Linear(1, 1), -0.1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new StochasticWeightAveraging(() -> new Linear(1, 1), 0.1).swaEpochStart(1.5)).getMessage()
                .contains("swa_epoch_start"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new StochasticWeightAveraging(() -> new Linear(1, 1), 0.1).annealingStrategy("cosine"))
                .getMessage().contains("annealing_strategy"));
        assertEquals(7, new StochasticWeightAveraging(() -> new Linear(1, 1), 0.1).swaStart(10), "0.8 of 10, 0-based");
        assertEquals(2, new StochasticWeightAveraging(() -> new Linear(1, 1), 0.1).swaEpochStart(3).swaStart(10));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.builder().syncBatchNorm(true).build());
        assertTrue(e.getMessage().contains("process group"), e.getMessage());
    }
}
