package dev.trainkit.vision.models;

import java.util.List;

/**
 * A registered model builder: its name, family and the keyword arguments its spec accepts
 * (torchvision's names), as listed by {@link Models#info(String)} and {@code trainkit models}.
 *
 * <pre>{@code
 * Models.info("resnet50").arguments();   // [num_classes, zero_init_residual, ...]
 * }</pre>
 *
 * @param name builder name, e.g. {@code resnet50}
 * @param family architecture family, e.g. {@code resnet}
 * @param arguments keyword arguments in signature order
 */
public record ModelInfo(String name, String family, List<String> arguments) {
    /** Copies the argument list. */
    public ModelInfo {
        arguments = List.copyOf(arguments);
    }
}
