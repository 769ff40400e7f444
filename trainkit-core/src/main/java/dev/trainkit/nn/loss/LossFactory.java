package dev.trainkit.nn.loss;

import dev.trainkit.spec.SpecArgs;

/**
 * The factory of a loss's registry entry: builds the loss from spec arguments bound to its
 * signature (getters fall back to the signature's defaults).
 *
 * <pre>{@code
 * public static final Registration<LossFactory> REGISTRATION = new Registration<>(
 *         Signature.of("HuberLoss").param("reduction", "mean").param("delta", 1.0).build(),
 *         "squared error near zero, absolute error beyond delta",
 *         k -> new HuberLoss(LossArgs.reduction(k)).delta(k.getDouble("delta")));
 * }</pre>
 *
 * <p>PyTorch equivalent: the loss class itself, {@code nn.HuberLoss(**kwargs)}.
 */
@FunctionalInterface
public interface LossFactory {
    /** Builds the loss from bound arguments. */
    Loss create(SpecArgs args);
}
