package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;

/**
 * GoogLeNet's outputs in training mode with auxiliary heads, as torchvision's
 * {@code GoogLeNetOutputs(logits, aux_logits2, aux_logits1)}; the auxiliary logits are
 * {@code null} in eval mode or without {@code aux_logits}. As in torchvision 0.14 (whose
 * forward swaps the two names), {@code auxLogits2} is the output of the {@code aux1} head
 * (after inception4a) and {@code auxLogits1} that of {@code aux2} (after inception4d).
 *
 * <pre>{@code
 * GoogLeNetOutputs o = googlenet.forwardOutputs(x);
 * Tensor loss = ce(o.logits(), y).add(ce(o.auxLogits1(), y).add(ce(o.auxLogits2(), y)).mul(0.3));
 * }</pre>
 *
 * @param logits main classifier output
 * @param auxLogits2 output of module {@code aux1} (after inception4a), or null
 * @param auxLogits1 output of module {@code aux2} (after inception4d), or null
 */
public record GoogLeNetOutputs(Tensor logits, Tensor auxLogits2, Tensor auxLogits1) {
}
