package dev.trainkit.vision.models;

import java.util.Map;

/** The builders after the ResNet family (kept apart so each file stays small). */
final class ModelRegistryMore {
    private ModelRegistryMore() {
    }

    static void register(Map<String, ModelEntry> m) {
    }
}
