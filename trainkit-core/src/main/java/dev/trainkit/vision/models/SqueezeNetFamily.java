package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/**
 * SqueezeNet 1.0 and 1.1 ({@code torchvision.models.squeezenet}): head {@code classifier.1}, a 1×1
 * convolution; a new head also updates the model's {@code num_classes}, as torchvision's
 * fine-tuning tutorial does.
 */
final class SqueezeNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "squeezenet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("1_0", "SqueezeNet 1.0"), builder("1_1", "SqueezeNet 1.1"));
    }

    private static Registration<ModelBuilder> builder(String version, String title) {
        return new Registration<>(signature("squeezenet" + version).keywordOnly("dropout", 0.5).build(), title,
                a -> new SqueezeNet(version, a.getLong("num_classes"), a.getDouble("dropout")));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof SqueezeNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.1");
    }

    @Override
    public void headsReplaced(Module model, long numClasses) {
        ((SqueezeNet) model).setNumClasses(numClasses);
    }

    /** The last layer before each max pool and the last Fire, {@code features.i}, strides 2 to 16 (ceil-mode pools: maps are not exactly input/stride). */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
