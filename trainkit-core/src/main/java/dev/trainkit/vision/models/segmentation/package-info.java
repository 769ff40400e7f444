/**
 * Segmentation models: a U-Net with a zoo encoder.
 */
package dev.trainkit.vision.models.segmentation;
