/**
 * Computer vision on top of the library: model zoo, transforms, datasets, fine-tuning helpers and
 * metrics. PyTorch: torchvision.
 */
package dev.trainkit.vision;
