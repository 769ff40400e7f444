package dev.trainkit.metrics;

import dev.trainkit.tensor.Tensor;
import java.util.Map;

/**
 * Top-k classification accuracy: the fraction of samples whose target class is among the
 * {@code k} highest outputs. Named {@code acc} for k = 1 and {@code acc_topK} otherwise.
 * torchmetrics' {@code Accuracy(task="multiclass", top_k=k)} (micro average).
 *
 * <pre>{@code
 * TopKAccuracy top5 = new TopKAccuracy(5);
 * top5.update(logits, labels);      // logits [N, C], labels int64 [N]
 * top5.compute();                   // {acc_top5=0.93}
 * }</pre>
 *
 * <p>A sample counts as correct when fewer than {@code k} classes score strictly higher than
 * its target class, so ties are resolved in the target's favour. Targets equal to
 * {@code ignoreIndex} are skipped.
 */
public final class TopKAccuracy implements Metric {
    private final int k;
    private final long ignoreIndex;
    private long correct;
    private long total;

    /** Top-{@code k} accuracy with no ignored target. */
    public TopKAccuracy(int k) {
        this(k, Long.MIN_VALUE);
    }

    /** Top-{@code k} accuracy skipping targets equal to {@code ignoreIndex}. */
    public TopKAccuracy(int k, long ignoreIndex) {
        if (k < 1) {
            throw new IllegalArgumentException("TopKAccuracy: k must be >= 1, got " + k);
        }
        this.k = k;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        if (output.dim() != 2 || target.dim() != 1 || output.size(0) != target.size(0)) {
            throw new IllegalArgumentException("TopKAccuracy: expected output [N, C] and target [N], got output "
                    + output.describe() + " and target " + target.describe());
        }
        Tensor valid = target.ne(ignoreIndex);
        Tensor safeTarget = target.mul(valid.to(target.dtype()));
        Tensor targetScore = output.gather(1, safeTarget.unsqueeze(1));
        Tensor higher = output.gt(targetScore).sum(1, false);
        Tensor hit = higher.lt((double) k).mul(valid);
        correct += hit.sum().itemLong();
        total += valid.sum().itemLong();
    }

    @Override
    public Map<String, Double> compute() {
        return Map.of(name(), total == 0 ? Double.NaN : (double) correct / total);
    }

    /** {@code acc} for k = 1, else {@code acc_topK}. */
    public String name() {
        return k == 1 ? "acc" : "acc_top" + k;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
