/**
 * Weights enums of the zoo (URL, hash prefix, categories, preprocessing preset), generated from
 * torchvision 0.14 by tools/codegen/gen_zoo_weights.py.
 */
package dev.trainkit.vision.models.weights;
