package dev.trainkit.metrics;

import dev.trainkit.tensor.Tensor;
import java.util.Map;

/**
 * A metric accumulated over the batches of an evaluation: {@link #update} computes the batch's
 * statistics with tensor ops and keeps only Java primitives (so it is safe inside a step's
 * {@code TensorScope}), {@link #compute} turns the totals into named values. torchmetrics'
 * {@code update}/{@code compute}/{@code reset}.
 *
 * <pre>{@code
 * Metric acc = new TopKAccuracy(1);
 * acc.update(logits, labels);          // per batch
 * double a = acc.compute().get("acc"); // torchmetrics.Accuracy(top_k=1)
 * acc.reset();
 * }</pre>
 */
public interface Metric {

    /** Adds one batch: {@code output} is the model's output, {@code target} the labels. */
    void update(Tensor output, Tensor target);

    /** The values so far, by name (the trainer prefixes {@code val_} or {@code test_}). */
    Map<String, Double> compute();

    /** Forgets everything accumulated. */
    void reset();
}
