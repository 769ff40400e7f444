package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MixUp and CutMix against torchvision's reference semantics (goldens by
 * tools/golden/gen_augment.py, replaying its logged draws), bad inputs, and the distribution of λ.
 */
class MixupCutmixTest {
    private static final JsonNode MIX = AugmentGoldenTest.G.get("mix");
    private static final Tensor BATCH = AugmentGoldenTest.tensor(MIX.get("batch"));
    private static final Tensor LABELS = AugmentGoldenTest.tensor(MIX.get("target"));
    private static final Tensor LOGITS = AugmentGoldenTest.tensor(MIX.get("logits"));

    @Test
    void replaysTorchvisionsReferenceNumbers() {
        long c = MIX.get("num_classes").asLong();
        int mixed = 0;
        for (JsonNode run : MIX.get("runs")) {
            double p = run.get("p").asDouble();
            double alpha = run.get("alpha").asDouble();
            BatchTransform t = run.get("kind").asText().equals("mixup") ? new RandomMixup(c, p, alpha)
                    : new RandomCutmix(c, p, alpha);
            ScriptedDraws draws = new ScriptedDraws(run.get("draws"));
            MixedBatch m = t.apply(BATCH, LABELS, draws);
            assertTrue(draws.exhausted(), t + ": fewer draws than the reference");
            String name = t + " " + run.get("draws");
            assertTrue(AugmentGoldenTest.maxDiff(name, run.get("images"), m.images()) <= 1e-6, name + " images");
            assertTrue(AugmentGoldenTest.maxDiff(name, run.get("targets"), m.targets()) <= 1e-6, name + " targets");
            double ce = new CrossEntropyLoss().labelSmoothing(0.1).forward(LOGITS, m.targets()).item();
            assertEquals(run.get("ce_label_smoothing_0.1").asDouble(), ce, 1e-5, name + " cross entropy");
            mixed += m.images().equal(BATCH) ? 0 : 1;
        }
        assertTrue(mixed >= 8, "most runs mix: " + mixed);
    }

    @Test
    void givenLambdaAndBoxGiveExactMixes() {
        Tensor soft = Torch.oneHot(LABELS, 5).to(DType.FLOAT32);
        MixedBatch m = RandomMixup.mix(BATCH, soft, 0.25);
        // image 1 = 0.25 image 1 + 0.75 image 0; its target 0.25 class 3 + 0.75 class 0
        assertTrue(m.images().select(0, 1).sub(BATCH.select(0, 1).mul(0.25).add(BATCH.select(0, 0).mul(0.75)))
                .abs().max().item() < 1e-7);
        assertArrayEquals(new float[] {0.75f, 0, 0, 0.25f, 0}, m.targets().select(0, 1).toFloatArray());
        // training accuracy compares with the dominant class, as torchvision's utils.accuracy
        assertArrayEquals(new long[] {4, 0, 3, 1}, m.hardTargets().toLongArray());
        // lambda 0.64: half sides int(0.3 * 6) = 1 and int(0.3 * 5) = 1 about (x=5, y=0): x in [4, 6), y in [0, 1)
        int[] box = RandomCutmix.box(0.64, 5, 0, 5, 6);
        assertArrayEquals(new int[] {4, 0, 6, 1}, box);
        MixedBatch c = RandomCutmix.cut(BATCH, soft, box);
        assertTrue(c.images().select(0, 2).narrow(1, 0, 1).narrow(2, 4, 2)
                .equal(BATCH.select(0, 1).narrow(1, 0, 1).narrow(2, 4, 2)));
        assertTrue(c.images().select(0, 2).narrow(1, 1, 4).equal(BATCH.select(0, 2).narrow(1, 1, 4)));
        double lam = 1 - 2.0 / 30;
        assertEquals(lam, c.targets().get(2, 1).item(), 1e-6, "class of image 2 keeps 1 - box area");
        assertEquals(1 - lam, c.targets().get(2, 3).item(), 1e-6, "class of image 1 gets the box area");
    }

    @Test
    void badInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomMixup(5, 1, 0));
        assertTrue(e.getMessage().contains("alpha must be > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomCutmix(5, 1.5, 1));
        assertTrue(e.getMessage().contains("p must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomCutmix(0));
        assertTrue(e.getMessage().contains("num_classes must be a positive number"), e.getMessage());
        RandomMixup m = new RandomMixup(5, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH, Torch.oneHot(LABELS, 5)));
        assertTrue(e.getMessage().contains("targets should be class indices [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH, LABELS.narrow(0, 0, 3)));
        assertTrue(e.getMessage().contains("targets should be class indices [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH, LABELS.to(DType.INT32)));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH, LABELS.add(2.0).to(DType.INT64)));
        assertTrue(e.getMessage().contains("targets should be in [0, num_classes) = [0, 5), got values in [2, 6]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH.to(DType.UINT8), LABELS));
        assertTrue(e.getMessage().contains("float tensor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply(BATCH.select(0, 0), LABELS));
        assertTrue(e.getMessage().contains("batch ndim should be 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixupCutmix.of(5, -0.1, 1));
        assertTrue(e.getMessage().contains("must be >= 0"), e.getMessage());
        assertNull(MixupCutmix.of(5, 0, 0), "no alpha, no mixing (as train.py)");
    }

    @Test
    void lambdaAndChoiceFollowTheirDistributions() {
        RandomDraws draws = RandomDraws.of(new SplittableRandom(9));
        RandomMixup mixup = new RandomMixup(5, 1.0, 0.2);
        int n = 2000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            // image 0 (class 0) mixed with image 3 (class 4): its class-0 probability is lambda
            double lam = mixup.apply(BATCH, LABELS, draws).targets().get(0, 0).item();
            sum += lam;
            sq += lam * lam;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        double wantVar = 1.0 / (4 * (2 * 0.2 + 1)); // Beta(0.2, 0.2): 0.179
        assertEquals(0.5, mean, 4 * Math.sqrt(wantVar / n), "mean lambda");
        assertEquals(wantVar, var, 0.15 * wantVar, "lambda variance");
        int[] chosen = new int[2];
        MixupCutmix choice = new MixupCutmix(java.util.List.of(
                (x, y, d) -> {
                    chosen[0]++;
                    return new MixedBatch(x, y);
                },
                (x, y, d) -> {
                    chosen[1]++;
                    return new MixedBatch(x, y);
                }));
        for (int i = 0; i < n; i++) {
            choice.apply(BATCH, LABELS, draws);
        }
        assertEquals(0.5, (double) chosen[0] / n, 4 * Math.sqrt(0.25 / n), "each transform half of the time");
        assertEquals(2, MixupCutmix.of(5, 0.2, 1.0).choices().size());
        assertEquals(1, MixupCutmix.of(5, 0, 1.0).choices().size());
    }
}
