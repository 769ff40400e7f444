package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/** AlexNet ({@code torchvision.models.alexnet}): head {@code classifier.6}; blocks {@code features.*}, head. */
final class AlexNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "alexnet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(new Registration<>(signature("alexnet").keywordOnly("dropout", 0.5).build(), "AlexNet",
                a -> new AlexNet(a.getLong("num_classes"), a.getDouble("dropout"))));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof AlexNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.6");
    }

    /** {@code features.1}, {@code .4}, {@code .11}, {@code .12} at nominal strides 4 to 32 (unpadded: maps are smaller than input/stride). */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
