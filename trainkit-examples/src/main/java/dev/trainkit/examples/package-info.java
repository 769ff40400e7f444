/**
 * Runnable examples written against the public API, such as the shapes segmentation example
 * ({@code ShapesSegmentation}).
 */
package dev.trainkit.examples;
