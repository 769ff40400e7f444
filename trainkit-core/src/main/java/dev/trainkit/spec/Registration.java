package dev.trainkit.spec;

import java.util.Objects;

/**
 * One entry of a {@link Registry}: a component's signature (defaults stated once), a one-line
 * description for listings, and the factory that builds it from bound arguments.
 *
 * <pre>{@code
 * static final Registration<LossFactory> ENTRY = new Registration<>(
 *         Signature.of("MSELoss").param("reduction", "mean").build(),
 *         "mean squared error", args -> new MSELoss(args.getString("reduction")));
 * }</pre>
 *
 * @param signature   the name and parameters, with defaults
 * @param description one line, shown by the CLI's listings
 * @param factory     builds the component; its type depends on the registry (a loss needs only
 *                    arguments, an optimizer also its parameters, a scheduler its optimizer)
 * @param <F>         the factory type
 */
public record Registration<F>(Signature signature, String description, F factory) {
    /** Checks that every part is present. */
    public Registration {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(factory, "factory");
    }

    /** The registered name (PyTorch's). */
    public String name() {
        return signature.name();
    }
}
