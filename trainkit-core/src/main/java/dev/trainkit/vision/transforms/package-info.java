/**
 * Image transforms with torchvision's names and numbers on CHW tensors (resize with antialias,
 * crops, flips, normalisation, and the augmentation family). PyTorch: {@code
 * torchvision.transforms}.
 */
package dev.trainkit.vision.transforms;
