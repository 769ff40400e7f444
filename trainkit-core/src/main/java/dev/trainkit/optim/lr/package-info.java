/**
 * Learning-rate schedulers with PyTorch's numbers, in pure Java (no native library is loaded):
 * every {@code torch.optim.lr_scheduler} scheduler, {@code WarmupLR}, {@code SWALR}, composition,
 * state save and restore, and {@code Schedulers.create(spec)}.
 */
package dev.trainkit.optim.lr;
