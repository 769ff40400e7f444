package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.nn.BatchNorm1d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelEmaCallback} with {@link EmaConfig#torchvision} against torchvision's reference EMA
 * ({@code utils.ExponentialMovingAverage} driven by {@code train.py}'s loop rule), and
 * {@link EmaConfig}'s decays against the reference adjustment and timm V3's warm-up.
 */
class ModelEmaCallbackTest {

    static Module net() {
        return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 2));
    }

    private static TrainContext context(Module model, int epochs, int batchSize) {
        TrainContext ctx = new TrainContext(Trainer.builder().maxEpochs(epochs).build(), model, null, List.of(), null);
        ctx.trainBatchSize = batchSize;
        return ctx;
    }

    @Test
    void followsTheReferenceScriptsEmaStepByStep() {
        JsonNode run = RecipeGolden.G.get("ema_run");
        Module model = net();
        model.loadStateDict(RecipeGolden.state(model, run.get("initial")), true);
        EmaConfig cfg = EmaConfig.torchvision(run.get("model_ema_decay").asDouble(), run.get("model_ema_steps").asInt(),
                run.get("lr_warmup_epochs").asInt());
        ModelEmaCallback cb = new ModelEmaCallback(new ModelEma(model, cfg.decay(), cfg.copyFirst()), cfg);
        TrainContext ctx = context(model, run.get("epochs").asInt(), run.get("batch_size").asInt());
        cb.onFitStart(ctx);
        assertEquals(run.get("decay").asDouble(), cb.runDecay(), 1e-15);
        int batches = run.get("batches").asInt();
        for (int e = 0; e < run.get("epochs").asInt(); e++) {
            for (int i = 0; i < batches; i++) {
                model.loadStateDict(RecipeGolden.state(model, run.get("snapshots").get(e * batches + i)), true);
                ctx.epoch = e;
                ctx.batchInEpoch = i + 1;
                ctx.globalStep++;
                cb.onTrainBatchEnd(ctx, ctx.globalStep, 0.0);
            }
            JsonNode want = run.get("after_epoch").get(e);
            assertEquals(want.get("n_averaged").asLong(), cb.ema().numAveraged(), "n_averaged after epoch " + e);
            for (Map.Entry<String, Tensor> en : cb.ema().stateDict().entrySet()) {
                double d = RecipeGolden.maxDiff(en.getValue(), want.get("state").get(en.getKey()));
                assertTrue(d <= 1e-6, "epoch " + e + " " + en.getKey() + " differs by " + d);
            }
        }
    }

    @Test
    void resumedStateContinuesIdentically() {
        JsonNode run = RecipeGolden.G.get("ema_run");
        EmaConfig cfg = EmaConfig.torchvision(0.9, 2, 1);
        Module a = net();
        Module b = net();
        ModelEmaCallback ca = new ModelEmaCallback(new ModelEma(a, 0.9, true), cfg);
        TrainContext xa = context(a, 3, 4);
        ca.onFitStart(xa);
        JsonNode snaps = run.get("snapshots");
        for (int s = 0; s < 7; s++) { // into epoch 1
            a.loadStateDict(RecipeGolden.state(a, snaps.get(s)), true);
            xa.epoch = s / 5;
            xa.batchInEpoch = s % 5 + 1;
            ca.onTrainBatchEnd(xa, ++xa.globalStep, 0);
        }
        ModelEmaCallback cb = new ModelEmaCallback(new ModelEma(b, 0.9, true), cfg);
        Map<String, Object> ckpt = new java.util.LinkedHashMap<>();
        ca.onSaveCheckpoint(xa, ckpt);
        cb.loadStateDict(ca.stateDict());
        TrainContext xb = context(b, 3, 999); // another batch size: the restored decay wins
        cb.onLoadCheckpoint(xb, ckpt);
        cb.onFitStart(xb);
        assertEquals(ca.runDecay(), cb.runDecay());
        assertEquals(ca.ema().numAveraged(), cb.ema().numAveraged());
        xb.globalStep = xa.globalStep;
        for (int s = 7; s < 15; s++) {
            a.loadStateDict(RecipeGolden.state(a, snaps.get(s)), true);
            b.loadStateDict(RecipeGolden.state(b, snaps.get(s)), true);
            for (TrainContext x : List.of(xa, xb)) {
                x.epoch = s / 5;
                x.batchInEpoch = s % 5 + 1;
                x.globalStep++;
            }
            ca.onTrainBatchEnd(xa, xa.globalStep, 0);
            cb.onTrainBatchEnd(xb, xb.globalStep, 0);
        }
        ca.ema().stateDict().forEach((k, v) -> assertTrue(v.equal(cb.ema().stateDict().get(k)), k));
    }

    @Test
    void decayAdjustmentMatchesTheReferenceFormula() {
        for (JsonNode c : RecipeGolden.G.get("ema_adjust")) {
            EmaConfig cfg = EmaConfig.torchvision(c.get("model_ema_decay").asDouble(), c.get("model_ema_steps").asInt(), 0);
            double d = cfg.runDecay(c.get("world_size").asInt(), c.get("batch_size").asInt(), c.get("epochs").asInt());
            assertEquals(c.get("decay").asDouble(), d, 1e-15, c.toString());
        }
        assertEquals(0.999, EmaConfig.of(0.999).runDecay(8, 128, 3), "the timm preset is not adjusted");
    }

    @Test
    void timmV3WarmupDecays() {
        for (JsonNode c : RecipeGolden.G.get("timm_v3_decay")) {
            EmaConfig cfg = EmaConfig.of(c.get("decay").asDouble())
                    .withWarmup(c.get("warmup_gamma").asDouble(), c.get("warmup_power").asDouble())
                    .withMinDecay(c.get("min_decay").asDouble());
            double[] want = RecipeGolden.doubles(c.get("decays"));
            for (int step = 0; step < want.length; step++) {
                assertEquals(want[step], cfg.stepDecay(cfg.decay(), step), 1e-15, "step " + step + " of " + c);
            }
        }
        assertEquals(0.5, EmaConfig.of(0.5).stepDecay(0.5, 1), "no warm-up: the decay itself");
    }

    @Test
    void warmupUpdateCopiesAtTheFirstStep() {
        Module m = net();
        ModelEma ema = new ModelEma(m, 0.99);
        Module other = net();
        m.loadStateDict(other.stateDict(), true);
        ema.update(m, 0.0);
        ema.stateDict().forEach((k, v) -> assertTrue(v.equal(m.stateDict().get(k)), k));
        assertEquals(1, ema.numAveraged());
    }

    @Test
    void badSettingsAreClearErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmaConfig.torchvision(1.0, 32, 0)).getMessage()
                .contains("--model-ema-decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmaConfig.torchvision(0.99, 0, 0)).getMessage()
                .contains("--model-ema-steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmaConfig.of(0.9).withWarmup(0, 1)).getMessage()
                .contains("warmup_gamma"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmaConfig.of(0.9).withMinDecay(0.95)).getMessage()
                .contains("min_decay"));
        assertNotEquals(EmaConfig.of(0.9).toMap(), EmaConfig.torchvision(0.9, 1, 0).toMap());
    }
}
