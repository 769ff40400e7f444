/**
 * Segmentation metrics: per-class IoU and Dice from a confusion matrix, and the {@code
 * IoUDiceMetric} trainer metric.
 */
package dev.trainkit.vision.metrics;
