/**
 * Datasets of images: {@code ImageFolder}, {@code FashionMNIST} (embedded subset or IDX files),
 * {@code SegmentationFolder} and procedural shapes. PyTorch: {@code torchvision.datasets}.
 */
package dev.trainkit.vision.datasets;
