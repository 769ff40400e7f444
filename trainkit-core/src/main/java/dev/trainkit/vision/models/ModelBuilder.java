package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecArgs;

/**
 * Builds one zoo model from spec arguments bound to its builder's {@code spec.Signature}
 * (getters fall back to torchvision's defaults stated there): the factory type of the model
 * builder registry.
 *
 * <pre>{@code
 * ModelBuilder b = a -> new AlexNet(a.getLong("num_classes"), a.getDouble("dropout"));
 * }</pre>
 *
 * <p>PyTorch equivalent: a torchvision builder function such as {@code torchvision.models.alexnet(**kwargs)}.
 */
@FunctionalInterface
public interface ModelBuilder {
    /** The model, with random weights and in training mode. */
    Module build(SpecArgs args);
}
