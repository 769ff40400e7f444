/**
 * Datasets and loading: {@code Dataset}, {@code Subset}, {@code TensorDataset}, samplers
 * (sequential, random, weighted, repeated augmentation) and {@code DataLoader} with seeded
 * shuffling, worker threads and ordered prefetch. PyTorch: {@code torch.utils.data}.
 */
package dev.trainkit.data;
