package dev.trainkit.vision.transforms;

import dev.trainkit.spec.SpecArgs;

/**
 * Builds a transform from spec arguments bound to its signature (the factory of a
 * {@link Transforms} registration).
 *
 * <pre>{@code
 * TransformFactory f = args -> new RandomInvert(args.getDouble("p"));
 * }</pre>
 */
@FunctionalInterface
public interface TransformFactory {

    /** The transform for {@code args}; getters fall back to the signature's defaults. */
    Transform create(SpecArgs args);
}
