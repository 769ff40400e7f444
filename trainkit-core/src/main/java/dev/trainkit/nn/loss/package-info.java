/**
 * Loss functions: every {@code torch.nn} loss people use, the segmentation losses PyTorch lacks
 * (defined in docs/PARITY.md), weighted sums, and {@code Losses.create(spec)}. A loss is any
 * {@code LossFunction}, a lambda included.
 */
package dev.trainkit.nn.loss;
