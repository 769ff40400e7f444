package dev.trainkit.train;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Per-class IoU and Dice for semantic segmentation from a confusion matrix accumulated over
 * batches: {@code iou_c = TP/(TP+FP+FN)}, {@code dice_c = 2TP/(2TP+FP+FN)}, plus their means
 * {@code miou} and {@code mdice} over the classes that occur (in the prediction or the target).
 * Positions whose target equals {@code ignoreIndex} are left out. torchmetrics'
 * {@code JaccardIndex(task="multiclass", average=None)} and {@code Dice(average=None)}, except
 * that a class absent from both prediction and target is NaN and skipped by the means.
 *
 * <pre>{@code
 * SegmentationMetrics seg = new SegmentationMetrics(3, 255);
 * seg.update(logits, mask);       // logits [N, C, H, W] (or predicted classes [N, H, W]), mask int64 [N, H, W]
 * seg.compute();                  // {miou=..., mdice=..., iou_0=..., dice_0=..., ...}
 * }</pre>
 */
public final class SegmentationMetrics implements Metric {
    private final int numClasses;
    private final Long ignoreIndex;
    private final long[] confusion;

    /** Metrics over {@code numClasses} classes, ignoring targets equal to {@code ignoreIndex} (null: none). */
    public SegmentationMetrics(int numClasses, Long ignoreIndex) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("SegmentationMetrics: numClasses must be >= 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.confusion = new long[numClasses * numClasses];
    }

    /** Without an ignored index. */
    public SegmentationMetrics(int numClasses) {
        this(numClasses, null);
    }

    @Override
    public void update(Tensor output, Tensor target) {
        Tensor pred = output.dim() == target.dim() + 1 ? output.argmax(1, false) : output;
        if (!java.util.Arrays.equals(pred.shape(), target.shape())) {
            throw new IllegalArgumentException("SegmentationMetrics: expected output [N, C, ...] or predictions shaped "
                    + "like the target, got output " + output.describe() + " and target " + target.describe());
        }
        Tensor t = target.flatten().to(dev.trainkit.tensor.DType.INT64);
        Tensor p = pred.flatten().to(dev.trainkit.tensor.DType.INT64);
        if (ignoreIndex != null) {
            Tensor keep = t.ne(ignoreIndex);
            t = t.maskedSelect(keep);
            p = p.maskedSelect(keep);
        }
        if (t.numel() == 0) {
            return;
        }
        double tMax = t.max().item();
        double tMin = t.min().item();
        if (tMin < 0 || tMax >= numClasses) {
            throw new IllegalArgumentException("SegmentationMetrics: target values must be in [0, " + numClasses
                    + ") or ignore_index " + ignoreIndex + ", got values in [" + (long) tMin + ", " + (long) tMax + "]");
        }
        Tensor idx = t.mul((double) numClasses).add(p).to(dev.trainkit.tensor.DType.INT64); // exact for class indices
        Tensor counts = NativeInterop.call("bincount",
                () -> torch.bincount(NativeInterop.handle(idx), new TensorOptional(), (long) numClasses * numClasses), idx);
        long[] c = counts.toLongArray();
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += c[i];
        }
    }

    /** The confusion matrix so far, rows = target class, columns = predicted class. */
    public long[][] confusionMatrix() {
        long[][] m = new long[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            System.arraycopy(confusion, i * numClasses, m[i], 0, numClasses);
        }
        return m;
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        double iouSum = 0;
        double diceSum = 0;
        int present = 0;
        double[] iou = new double[numClasses];
        double[] dice = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long tp = confusion[c * numClasses + c];
            long fn = 0;
            long fp = 0;
            for (int j = 0; j < numClasses; j++) {
                if (j != c) {
                    fn += confusion[c * numClasses + j];
                    fp += confusion[j * numClasses + c];
                }
            }
            long denom = tp + fp + fn;
            iou[c] = denom == 0 ? Double.NaN : (double) tp / denom;
            dice[c] = denom == 0 ? Double.NaN : 2.0 * tp / (2.0 * tp + fp + fn);
            if (denom > 0) {
                iouSum += iou[c];
                diceSum += dice[c];
                present++;
            }
        }
        out.put("miou", present == 0 ? Double.NaN : iouSum / present);
        out.put("mdice", present == 0 ? Double.NaN : diceSum / present);
        for (int c = 0; c < numClasses; c++) {
            out.put("iou_" + c, iou[c]);
        }
        for (int c = 0; c < numClasses; c++) {
            out.put("dice_" + c, dice[c]);
        }
        return out;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(confusion, 0);
    }
}
