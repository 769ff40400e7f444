package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;

/**
 * Inception v3's outputs in training mode, as torchvision's
 * {@code InceptionOutputs(logits, aux_logits)}; {@code auxLogits} is {@code null} in eval mode
 * or without {@code aux_logits}.
 *
 * <pre>{@code
 * InceptionOutputs o = inception.forwardOutputs(x);   // out = model(x) in train mode
 * Tensor loss = ce(o.logits(), y).add(ce(o.auxLogits(), y).mul(0.4));
 * }</pre>
 *
 * @param logits main classifier output
 * @param auxLogits auxiliary classifier output, or null
 */
public record InceptionOutputs(Tensor logits, Tensor auxLogits) {
}
