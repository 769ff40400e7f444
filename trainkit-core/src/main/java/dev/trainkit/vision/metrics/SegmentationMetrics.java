package dev.trainkit.vision.metrics;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Per-class IoU and Dice for semantic segmentation, accumulated over batches in a confusion
 * matrix (rows: target class, columns: predicted class), like torchmetrics'
 * {@code MulticlassJaccardIndex(average=None)} and {@code Dice}. PyTorch itself has no such
 * metric. Each batch is counted with tensor ops ({@code bincount} of {@code target·C + pred});
 * only the {@code C×C} counts are kept, as Java longs, so nothing native outlives a step.
 *
 * <pre>{@code
 * SegmentationMetrics m = new SegmentationMetrics(2);          // binary: background, foreground
 * for (SegmentationBatch b : valLoader) {
 *     try (TensorScope step = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
 *         m.updateFromLogits(model.forward(b.inputs()), b.masks());
 *     }
 * }
 * m.meanIoU();   m.iou();   m.dice();
 * // torchmetrics: JaccardIndex(task="multiclass", num_classes=2, average=None)(preds, target)
 * }</pre>
 *
 * <p>Definitions, per class c with TP, FP, FN from the confusion matrix:
 * IoU = TP / (TP + FP + FN), Dice = 2·TP / (2·TP + FP + FN). A class that occurs neither in the
 * targets nor in the predictions (TP + FP + FN = 0) has no score (NaN) and is left out of the
 * means, which average over the classes present. Positions whose target equals
 * {@code ignoreIndex} are not counted at all.
 *
 * <p>Package: {@code vision.metrics}, kept apart from {@code train} (the Trainer's metrics); it
 * depends only on {@code tensor}.
 */
public final class SegmentationMetrics {
    private final int numClasses;
    private final Long ignoreIndex;
    private final long[] counts;

    /** Metrics over {@code numClasses} classes without an ignore index. */
    public SegmentationMetrics(int numClasses) {
        this(numClasses, null);
    }

    /**
     * @param numClasses the number of classes C, at least 2 (binary segmentation is 2 classes)
     * @param ignoreIndex the target value that is not counted, or {@code null}
     */
    public SegmentationMetrics(int numClasses, Long ignoreIndex) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("SegmentationMetrics: num_classes must be >= 2 (binary is 2), got "
                    + numClasses);
        }
        if (ignoreIndex != null && ignoreIndex >= 0 && ignoreIndex < numClasses) {
            throw new IllegalArgumentException("SegmentationMetrics: ignore_index " + ignoreIndex
                    + " is a class index (num_classes=" + numClasses + ")");
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.counts = new long[numClasses * numClasses];
    }

    /** The number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Counts predicted class indices against target class indices of the same shape (any
     * integer dtype; float targets holding whole numbers, such as binary masks, are accepted).
     *
     * @throws IllegalArgumentException if the shapes differ or a value is outside {@code [0, C)}
     */
    public void update(Tensor prediction, Tensor target) {
        if (prediction == null || target == null) {
            throw new IllegalArgumentException("SegmentationMetrics.update: prediction and target must not be null");
        }
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("SegmentationMetrics.update: prediction " + prediction.describe()
                    + " and target " + target.describe() + " must have the same shape");
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Tensor p = indices("prediction", prediction);
            Tensor t = indices("target", target);
            if (ignoreIndex != null) {
                Tensor valid = t.ne(ignoreIndex);
                p = p.maskedSelect(valid);
                t = t.maskedSelect(valid);
            }
            checkRange("prediction", p);
            checkRange("target", t);
            // an int64 factor: mul(double) would promote the indices to float, which bincount rejects
            Tensor flat = t.mul(Torch.scalar(numClasses, DType.INT64)).add(p).flatten().contiguous();
            long bins = (long) numClasses * numClasses;
            Tensor hist = NativeInterop.call("bincount",
                    () -> torch.bincount(NativeInterop.handle(flat), new TensorOptional(), bins), flat);
            long[] c = hist.toLongArray();
            for (int i = 0; i < c.length; i++) {
                counts[i] += c[i];
            }
        }
    }

    /**
     * Counts the predictions of logits: {@code [N, C, ...]} with {@code C = numClasses} by argmax
     * over dim 1, or {@code [N, 1, ...]} (binary, {@code numClasses == 2}) as {@code logit > 0}
     * (probability above 0.5). The target is {@code [N, ...]} class indices, or shaped like the
     * logits with one channel (e.g. a binary {@code [N, 1, H, W]} float mask).
     */
    public void updateFromLogits(Tensor logits, Tensor target) {
        if (logits == null || target == null || logits.dim() < 2) {
            throw new IllegalArgumentException("SegmentationMetrics.updateFromLogits: expected logits [N, C, ...]"
                    + " and a target, got " + (logits == null ? "null" : logits.describe()));
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            long c = logits.size(1);
            Tensor pred;
            if (c == 1 && numClasses == 2) {
                pred = logits.gt(0).to(DType.INT64).squeeze(1);
            } else if (c == numClasses) {
                pred = logits.argmax(1, false);
            } else {
                throw new IllegalArgumentException("SegmentationMetrics.updateFromLogits: logits " + logits.describe()
                        + " have " + c + " channels; expected num_classes=" + numClasses
                        + (numClasses == 2 ? " (or 1 for binary logits)" : ""));
            }
            Tensor t = target.dim() == logits.dim() && target.size(1) == 1 ? target.squeeze(1) : target;
            update(pred, t);
        }
    }

    private Tensor indices(String what, Tensor v) {
        if (v.dtype() == DType.BOOL) {
            return v.to(DType.INT64);
        }
        if (v.dtype().isFloatingPoint()) {
            if (v.numel() > 0 && v.eq(v.round()).logicalNot().any()) {
                throw new IllegalArgumentException("SegmentationMetrics: " + what + " must hold class indices, got "
                        + v.describe() + " with fractional values");
            }
        }
        return v.to(DType.INT64);
    }

    private void checkRange(String what, Tensor v) {
        if (v.numel() == 0) {
            return;
        }
        long lo = v.min().itemLong();
        long hi = v.max().itemLong();
        if (lo < 0 || hi >= numClasses) {
            throw new IllegalArgumentException("SegmentationMetrics: " + what + " has class index "
                    + (lo < 0 ? lo : hi) + ", outside [0, " + numClasses + ")"
                    + (what.equals("target") && ignoreIndex == null ? " (set ignore_index for an ignore label)" : ""));
        }
    }

    /** Clears the counts (a new epoch). */
    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** The confusion matrix {@code [target][prediction]}, a copy. */
    public long[][] confusionMatrix() {
        long[][] m = new long[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            System.arraycopy(counts, i * numClasses, m[i], 0, numClasses);
        }
        return m;
    }

    /** Per-class IoU; NaN for a class absent from targets and predictions. */
    public double[] iou() {
        return perClass(false);
    }

    /** Per-class Dice (F1); NaN for a class absent from targets and predictions. */
    public double[] dice() {
        return perClass(true);
    }

    /** The mean IoU over the classes present; NaN if nothing was counted. */
    public double meanIoU() {
        return nanMean(iou());
    }

    /** The mean Dice over the classes present; NaN if nothing was counted. */
    public double meanDice() {
        return nanMean(dice());
    }

    /** The fraction of counted positions predicted correctly; NaN if nothing was counted. */
    public double pixelAccuracy() {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < numClasses; i++) {
            correct += counts[i * numClasses + i];
            for (int j = 0; j < numClasses; j++) {
                total += counts[i * numClasses + j];
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    private double[] perClass(boolean dice) {
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long tp = counts[c * numClasses + c];
            long fn = -tp;
            long fp = -tp;
            for (int k = 0; k < numClasses; k++) {
                fn += counts[c * numClasses + k];
                fp += counts[k * numClasses + c];
            }
            long den = (dice ? 2 * tp : tp) + fp + fn;
            out[c] = den == 0 ? Double.NaN : (dice ? 2.0 * tp : tp) / den;
        }
        return out;
    }

    private static double nanMean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    @Override
    public String toString() {
        return "SegmentationMetrics(num_classes=" + numClasses + ", mean_iou=" + meanIoU() + ", iou="
                + Arrays.toString(iou()) + ")";
    }
}
