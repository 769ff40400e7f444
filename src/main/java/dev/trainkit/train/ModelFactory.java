package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecArgs;

/**
 * Builds a model from a bound spec and the data's shape; an entry of {@link ModelRegistry}.
 *
 * <pre>{@code
 * ModelRegistry.register("tiny", List.of("width"), (args, in, classes) -> new Tiny(args.getInt("width", 8), classes));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory {
    /**
     * @param args the spec's arguments, bound to the registered parameter names
     * @param inputShape one sample's shape, e.g. {@code [3, 32, 32]}
     * @param numClasses the number of classes, unless the spec sets {@code num_classes}
     */
    Module create(SpecArgs args, long[] inputShape, int numClasses);
}
