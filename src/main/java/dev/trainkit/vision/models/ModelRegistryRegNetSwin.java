package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelRegistry.put;

import java.util.List;
import java.util.Map;

/** The RegNet and Swin builders, with torchvision's keyword arguments and defaults. */
final class ModelRegistryRegNetSwin {
    private static final String NC = "num_classes";

    private ModelRegistryRegNetSwin() {
    }

    static void register(Map<String, ModelEntry> m) {
        // torchvision forwards other kwargs to RegNet(...) too; only these two are plain values
        for (String arch : RegNet.ARCHS) {
            put(m, arch, "regnet", List.of(NC, "stem_width"),
                    a -> RegNet.create(arch, a.getLong(NC, 1000), a.getLong("stem_width", 32)));
        }
        // patch_size, depths, num_heads, window_size and stochastic_depth_prob are fixed by the
        // builders (passing one is a TypeError there)
        for (String arch : SwinTransformer.ARCHS) {
            put(m, arch, "swin", List.of(NC, "mlp_ratio", "dropout", "attention_dropout"),
                    a -> SwinTransformer.create(arch, a.getLong(NC, 1000), a.getDouble("mlp_ratio", 4.0),
                            a.getDouble("dropout", 0.0), a.getDouble("attention_dropout", 0.0),
                            SwinTransformer.defaultStochasticDepthProb(arch)));
        }
    }
}
