package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.List;

/**
 * EfficientNet B0..B7 and V2 S/M/L ({@code torchvision.models.efficientnet}): head
 * {@code classifier.1}; blocks the stem {@code features.0}, one per stage, the last 1×1 conv,
 * head. The builders pass dropout positionally, so {@code dropout=...} is not an argument
 * (a TypeError in torchvision).
 */
final class EfficientNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "efficientnet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        List<Registration<ModelBuilder>> out = new ArrayList<>();
        for (String arch : EfficientNetConfig.ARCHS) {
            out.add(new Registration<>(signature("efficientnet_" + arch).keywordOnly("stochastic_depth_prob", 0.2)
                    .build(), "EfficientNet " + arch.replace('_', '-').toUpperCase(java.util.Locale.ROOT),
                    a -> EfficientNet.create(arch, a.getLong("num_classes"), EfficientNet.defaultDropout(arch),
                            a.getDouble("stochastic_depth_prob"))));
        }
        return out;
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof EfficientNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.1");
    }

    /** The last block of {@code features} at each resolution, and its last block. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
