/**
 * Optimizers with PyTorch's names, options, defaults, checks and state-dict layout, parameter
 * groups, gradient clipping, and {@code Optimizers.create(spec)}. PyTorch: {@code torch.optim}.
 */
package dev.trainkit.optim;
