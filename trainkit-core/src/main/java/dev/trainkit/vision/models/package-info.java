/**
 * The torchvision model zoo with torchvision's module names, keyword arguments, initialisation and
 * weights, so a torchvision state dict loads by name; {@code Models.create(spec)} and {@code
 * ModelSpecs} (data-shaped specs such as {@code mlp}). PyTorch: {@code torchvision.models}.
 */
package dev.trainkit.vision.models;
