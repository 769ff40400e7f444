package dev.trainkit.vision.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expected values are computed here from the definitions (TP, FP, FN counted by loops). */
class SegmentationMetricsTest {

    /** Reference per-class [iou, dice] from plain loops; NaN when TP + FP + FN = 0. */
    private static double[][] reference(long[] pred, long[] target, int c, Long ignore) {
        double[][] out = new double[2][c];
        for (int k = 0; k < c; k++) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < pred.length; i++) {
                if (ignore != null && target[i] == ignore) {
                    continue;
                }
                boolean p = pred[i] == k;
                boolean t = target[i] == k;
                tp += p && t ? 1 : 0;
                fp += p && !t ? 1 : 0;
                fn += !p && t ? 1 : 0;
            }
            out[0][k] = tp + fp + fn == 0 ? Double.NaN : (double) tp / (tp + fp + fn);
            out[1][k] = tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2 * tp + fp + fn);
        }
        return out;
    }

    private static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return s / n;
    }

    @Test
    void tinyCaseByHand() {
        // target 0 0 1 / 1 2 2, prediction 0 1 1 / 1 2 0
        // class 0: TP 1 (pos 0), FP 1 (pos 5), FN 1 (pos 1) -> IoU 1/3, Dice 2/4
        // class 1: TP 2 (pos 2, 3), FP 1 (pos 1), FN 0     -> IoU 2/3, Dice 4/5
        // class 2: TP 1 (pos 4), FP 0, FN 1 (pos 5)        -> IoU 1/2, Dice 2/3
        SegmentationMetrics m = new SegmentationMetrics(3);
        m.update(Torch.tensor(new long[] {0, 1, 1, 1, 2, 0}, 1, 2, 3), Torch.tensor(new long[] {0, 0, 1, 1, 2, 2}, 1, 2, 3));
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 1.0 / 2}, m.iou(), 1e-12);
        assertArrayEquals(new double[] {2.0 / 4, 4.0 / 5, 2.0 / 3}, m.dice(), 1e-12);
        assertEquals((1.0 / 3 + 2.0 / 3 + 1.0 / 2) / 3, m.meanIoU(), 1e-12);
        assertEquals(4.0 / 6, m.pixelAccuracy(), 1e-12);
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}, m.confusionMatrix());
    }

    @Test
    void classAbsentFromTargetAndPredictionIsLeftOutOfTheMean() {
        SegmentationMetrics m = new SegmentationMetrics(4);
        m.update(Torch.tensor(new long[] {0, 1, 1, 0}, 4), Torch.tensor(new long[] {0, 1, 0, 0}, 4));
        double[] iou = m.iou();
        assertTrue(Double.isNaN(iou[2]) && Double.isNaN(iou[3]));
        assertEquals(2.0 / 3, iou[0], 1e-12); // TP 2, FN 1
        assertEquals(1.0 / 2, iou[1], 1e-12); // TP 1, FP 1
        assertEquals((2.0 / 3 + 1.0 / 2) / 2, m.meanIoU(), 1e-12);
    }

    @Test
    void ignoredPositionsAreNotCounted() {
        long[] pred = {0, 1, 1, 0, 1};
        long[] target = {0, 255, 1, 255, 0};
        SegmentationMetrics m = new SegmentationMetrics(2, 255L);
        m.update(Torch.tensor(pred, 5), Torch.tensor(target, 5));
        double[][] ref = reference(pred, target, 2, 255L);
        assertArrayEquals(ref[0], m.iou(), 1e-12);
        assertArrayEquals(ref[1], m.dice(), 1e-12);
        assertEquals(3, m.confusionMatrix()[0][0] + m.confusionMatrix()[0][1] + m.confusionMatrix()[1][0]
                + m.confusionMatrix()[1][1]);
    }

    @Test
    void accumulatesOverBatchesLikeOneBigBatch() {
        Random r = new Random(42);
        int n = 2 * 5 * 7;
        long[] pred = new long[n];
        long[] target = new long[n];
        for (int i = 0; i < n; i++) {
            pred[i] = r.nextInt(5);
            target[i] = r.nextInt(6) == 0 ? 255 : r.nextInt(5);
        }
        SegmentationMetrics m = new SegmentationMetrics(5, 255L);
        Tensor p = Torch.tensor(pred, 2, 5, 7);
        Tensor t = Torch.tensor(target, 2, 5, 7);
        m.update(p.narrow(0, 0, 1), t.narrow(0, 0, 1));
        m.update(p.narrow(0, 1, 1), t.narrow(0, 1, 1));
        double[][] ref = reference(pred, target, 5, 255L);
        assertArrayEquals(ref[0], m.iou(), 1e-12);
        assertArrayEquals(ref[1], m.dice(), 1e-12);
        assertEquals(nanMean(ref[0]), m.meanIoU(), 1e-12);
        assertEquals(nanMean(ref[1]), m.meanDice(), 1e-12);
        m.reset();
        assertTrue(Double.isNaN(m.meanIoU()));
    }

    @Test
    void logitsAreThresholdedAtZeroForBinaryAndArgmaxedOtherwise() {
        SegmentationMetrics bin = new SegmentationMetrics(2);
        Tensor logits = Torch.tensor(new float[] {-2f, 0.5f, 3f, -0.1f}, 1, 1, 2, 2);
        Tensor target = Torch.tensor(new float[] {0f, 1f, 0f, 0f}, 1, 1, 2, 2); // as SegmentationBatch.binaryTargets()
        bin.updateFromLogits(logits, target);
        double[][] ref = reference(new long[] {0, 1, 1, 0}, new long[] {0, 1, 0, 0}, 2, null);
        assertArrayEquals(ref[0], bin.iou(), 1e-12);

        SegmentationMetrics multi = new SegmentationMetrics(3);
        // [N=1, C=3, 1, 2]: position 0 scores (0.1, 0.9, 0.0) -> 1; position 1 (2, 1, 3) -> 2
        Tensor l3 = Torch.tensor(new float[] {0.1f, 2f, 0.9f, 1f, 0f, 3f}, 1, 3, 1, 2);
        multi.updateFromLogits(l3, Torch.tensor(new long[] {1, 0}, 1, 1, 2));
        assertArrayEquals(new long[][] {{0, 0, 1}, {0, 1, 0}, {0, 0, 0}}, multi.confusionMatrix());
    }

    @Test
    void badInputsAreClearErrors() {
        SegmentationMetrics m = new SegmentationMetrics(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.update(Torch.tensor(new long[] {0, 1}, 2), Torch.tensor(new long[] {0, 1, 2}, 3)));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.update(Torch.tensor(new long[] {0, 1}, 2), Torch.tensor(new long[] {0, 3}, 2)));
        assertTrue(e.getMessage().contains("target has class index 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.update(Torch.tensor(new long[] {-1, 1}, 2), Torch.tensor(new long[] {0, 1}, 2)));
        assertTrue(e.getMessage().contains("prediction has class index -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.update(Torch.tensor(new long[] {0, 1}, 2), Torch.tensor(new float[] {0f, 0.5f}, 2)));
        assertTrue(e.getMessage().contains("fractional"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.updateFromLogits(Torch.zeros(1, 2, 2, 2), Torch.tensor(new long[] {0, 1, 0, 1}, 1, 2, 2)));
        assertTrue(e.getMessage().contains("num_classes=3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SegmentationMetrics(1));
        assertThrows(IllegalArgumentException.class, () -> new SegmentationMetrics(3, 2L));
    }
}
