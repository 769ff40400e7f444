/**
 * Evaluation metrics accumulated over batches with only Java primitives kept between them: {@code
 * Metric}, {@code MeanMetric}, {@code TopKAccuracy}. PyTorch ecosystem: torchmetrics.
 */
package dev.trainkit.metrics;
