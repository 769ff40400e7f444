/**
 * torchvision's {@code ops} layers shared by the models ({@code StochasticDepth}, {@code
 * Permute}).
 */
package dev.trainkit.vision.ops;
