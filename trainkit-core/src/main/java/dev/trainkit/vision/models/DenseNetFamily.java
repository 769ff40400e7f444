package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/** DenseNet 121/161/169/201 ({@code torchvision.models.densenet}): head {@code classifier}. */
final class DenseNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "densenet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("densenet121", 32, 64, 6, 12, 24, 16), builder("densenet161", 48, 96, 6, 12, 36, 24),
                builder("densenet169", 32, 64, 6, 12, 32, 32), builder("densenet201", 32, 64, 6, 12, 48, 32));
    }

    private static Registration<ModelBuilder> builder(String name, long growth, long init, int... blocks) {
        return new Registration<>(signature(name).keywordOnly("bn_size", 4L).keywordOnly("drop_rate", 0.0).build(),
                "DenseNet-" + name.substring(8), a -> new DenseNet(growth, blocks, init, a.getLong("bn_size"),
                        a.getDouble("drop_rate"), a.getLong("num_classes")));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof DenseNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier");
    }

    /** {@code features.relu0}, {@code features.denseblock1..3} (before each transition) and {@code features.norm5} (before the forward's ReLU), strides 2 to 32. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
