package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecArgs;

/**
 * Builds a model from a bound spec and the data's shape; an entry of {@link ModelSpecs}.
 *
 * <pre>{@code
 * ModelSpecs.register("tiny", List.of("width"), (args, in, classes) -> new Tiny(args.getInt("width", 8), classes));
 * }</pre>
 */
@FunctionalInterface
public interface ShapedModelFactory {
    /**
     * @param args the spec's arguments, bound to the registered parameter names
     * @param inputShape one sample's shape, e.g. {@code [3, 32, 32]}
     * @param numClasses the number of classes, unless the spec sets {@code num_classes}
     */
    Module create(SpecArgs args, long[] inputShape, int numClasses);
}
