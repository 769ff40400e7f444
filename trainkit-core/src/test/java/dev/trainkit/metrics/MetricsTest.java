package dev.trainkit.metrics;

import dev.trainkit.vision.metrics.IoUDiceMetric;
import dev.trainkit.metrics.TopKAccuracy;
import dev.trainkit.metrics.MeanMetric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Torch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void meanMetricWeightsByBatchSize() {
        MeanMetric m = new MeanMetric();
        m.add(0.5, 32);
        m.add(0.2, 8);
        assertEquals((0.5 * 32 + 0.2 * 8) / 40, m.mean(), 1e-12);
        m.reset();
        assertTrue(Double.isNaN(m.mean()));
    }

    @Test
    void topKAccuracyByDefinition() {
        // 3 samples, 4 classes. Ranks of the target score: sample 0 -> 1st, sample 1 -> 2nd, sample 2 -> 4th.
        float[] logits = {
            0.9f, 0.1f, 0.0f, 0.0f,   // target 0: best
            0.5f, 0.4f, 0.1f, 0.0f,   // target 1: second
            0.4f, 0.3f, 0.2f, 0.1f};  // target 3: last
        TopKAccuracy top1 = new TopKAccuracy(1);
        TopKAccuracy top2 = new TopKAccuracy(2);
        TopKAccuracy top4 = new TopKAccuracy(4);
        for (TopKAccuracy m : new TopKAccuracy[] {top1, top2, top4}) {
            m.update(Torch.tensor(logits, 3, 4), Torch.tensor(new long[] {0, 1, 3}, 3));
        }
        assertEquals(1.0 / 3, top1.compute().get("acc"), 1e-12);
        assertEquals(2.0 / 3, top2.compute().get("acc_top2"), 1e-12);
        assertEquals(1.0, top4.compute().get("acc_top4"), 1e-12);
        // accumulates over batches: one more correct sample -> 2 of 4
        top1.update(Torch.tensor(new float[] {0f, 1f, 0f, 0f}, 1, 4), Torch.tensor(new long[] {1}, 1));
        assertEquals(0.5, top1.compute().get("acc"), 1e-12);
    }

    @Test
    void topKSkipsIgnoredTargets() {
        TopKAccuracy m = new TopKAccuracy(1, -100);
        m.update(Torch.tensor(new float[] {1f, 0f, 1f, 0f}, 2, 2), Torch.tensor(new long[] {0, -100}, 2));
        assertEquals(1.0, m.compute().get("acc"), 1e-12);
    }

    @Test
    void topKRejectsBadShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopKAccuracy(1).update(Torch.zeros(2, 3, 4), Torch.zeros(2)));
        assertTrue(e.getMessage().contains("expected output [N, C]"), e.getMessage());
    }

    @Test
    void segmentationIoUAndDiceFromA2x2ConfusionMatrix() {
        // target and prediction over 6 pixels (one 2x3 image), classes {0, 1}:
        // target     0 0 0 1 1 1
        // prediction 0 0 1 1 1 0
        // confusion (rows target, cols pred): [[2, 1], [1, 2]]
        // class 0: TP=2 FP=1 FN=1 -> IoU 2/4, Dice 4/6; class 1 the same by symmetry
        long[] target = {0, 0, 0, 1, 1, 1};
        long[] pred = {0, 0, 1, 1, 1, 0};
        float[] logits = new float[2 * 6];
        for (int i = 0; i < 6; i++) {
            logits[(int) pred[i] * 6 + i] = 1f; // [N=1, C=2, H=2, W=3] one-hot scores
        }
        IoUDiceMetric m = new IoUDiceMetric(2);
        m.update(Torch.tensor(logits, 1, 2, 2, 3), Torch.tensor(target, 1, 2, 3));
        assertArrayEquals(new long[] {2, 1}, m.confusionMatrix()[0]);
        assertArrayEquals(new long[] {1, 2}, m.confusionMatrix()[1]);
        Map<String, Double> r = m.compute();
        assertEquals(0.5, r.get("iou_0"), 1e-12);
        assertEquals(4.0 / 6, r.get("dice_0"), 1e-12);
        assertEquals(0.5, r.get("miou"), 1e-12);
        assertEquals(4.0 / 6, r.get("mdice"), 1e-12);
    }

    @Test
    void segmentationIgnoreIndexAndAbsentClass() {
        // 3 classes, class 2 never occurs; the pixel with target 255 is ignored although predicted wrong
        long[] target = {0, 1, 255, 1};
        long[] pred = {0, 1, 1, 0};
        IoUDiceMetric m = new IoUDiceMetric(3, 255L);
        m.update(Torch.tensor(pred, 1, 2, 2), Torch.tensor(target, 1, 2, 2));
        Map<String, Double> r = m.compute();
        // class 0: TP 1, FP 1 (the last pixel), FN 0 -> IoU 1/2; class 1: TP 1, FP 0, FN 1 -> IoU 1/2
        assertEquals(0.5, r.get("iou_0"), 1e-12);
        assertEquals(0.5, r.get("iou_1"), 1e-12);
        assertTrue(Double.isNaN(r.get("iou_2")));
        assertEquals(0.5, r.get("miou"), 1e-12);
        assertEquals(2.0 / 3, r.get("dice_1"), 1e-12);
    }

    @Test
    void segmentationRejectsOutOfRangeTargets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IoUDiceMetric(2)
                .update(Torch.tensor(new long[] {0, 1}, 1, 2), Torch.tensor(new long[] {0, 5}, 1, 2)));
        assertTrue(e.getMessage().contains("[0, 2)"), e.getMessage());
    }
}
