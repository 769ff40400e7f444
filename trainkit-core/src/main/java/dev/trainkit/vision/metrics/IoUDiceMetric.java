package dev.trainkit.vision.metrics;

import dev.trainkit.metrics.Metric;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.metrics.SegmentationMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-class IoU and Dice as a Trainer {@link Metric}: an adapter over
 * {@link SegmentationMetrics} (the confusion-matrix implementation in {@code vision.metrics}),
 * reporting {@code miou}, {@code mdice}, {@code iou_c} and {@code dice_c}. A class absent from
 * both prediction and target is NaN and left out of the means.
 *
 * <pre>{@code
 * Metric seg = new IoUDiceMetric(3, 255L);
 * seg.update(logits, mask);       // logits [N, C, H, W] (or predicted classes [N, H, W]), mask int64 [N, H, W]
 * Metric bin = new IoUDiceMetric(2);
 * bin.update(logits1, targets);   // binary: logits [N, 1, H, W] (> 0 is class 1), 0/1 targets [N, 1, H, W]
 * seg.compute();                  // {miou=..., mdice=..., iou_0=..., ..., dice_0=..., ...}
 * }</pre>
 * torchmetrics: {@code JaccardIndex(task="multiclass", average=None)} and {@code Dice(average=None)}.
 */
public final class IoUDiceMetric implements Metric {
    private final SegmentationMetrics metrics;

    /** Metrics over {@code numClasses} classes, ignoring targets equal to {@code ignoreIndex} (null: none). */
    public IoUDiceMetric(int numClasses, Long ignoreIndex) {
        this.metrics = new SegmentationMetrics(numClasses, ignoreIndex);
    }

    /** Without an ignored index. */
    public IoUDiceMetric(int numClasses) {
        this(numClasses, null);
    }

    @Override
    public void update(Tensor output, Tensor target) {
        if (output.dim() == 4 && target.dim() == 4 && output.size(1) == 1 && target.size(1) == 1) {
            // binary: logits [N, 1, H, W] against 0/1 targets [N, 1, H, W]; a logit > 0 predicts class 1
            if (metrics.numClasses() != 2) {
                throw new IllegalArgumentException("IoUDiceMetric: binary logits [N, 1, H, W] need numClasses 2, "
                        + "got " + metrics.numClasses());
            }
            metrics.update(output.gt(0.0).squeeze(1).to(DType.INT64), target.squeeze(1).to(DType.INT64));
        } else if (output.dim() == target.dim() + 1) {
            metrics.updateFromLogits(output, target);
        } else {
            metrics.update(output, target);
        }
    }

    /** The confusion matrix so far, rows = target class, columns = predicted class. */
    public long[][] confusionMatrix() {
        return metrics.confusionMatrix();
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("miou", metrics.meanIoU());
        out.put("mdice", metrics.meanDice());
        double[] iou = metrics.iou();
        double[] dice = metrics.dice();
        for (int c = 0; c < iou.length; c++) {
            out.put("iou_" + c, iou[c]);
        }
        for (int c = 0; c < dice.length; c++) {
            out.put("dice_" + c, dice[c]);
        }
        return out;
    }

    @Override
    public void reset() {
        metrics.reset();
    }
}
