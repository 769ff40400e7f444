package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/** MNASNet 0.5 .. 1.3 ({@code torchvision.models.mnasnet}): head {@code classifier.1}. */
final class MNASNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "mnasnet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("mnasnet0_5", 0.5), builder("mnasnet0_75", 0.75), builder("mnasnet1_0", 1.0),
                builder("mnasnet1_3", 1.3));
    }

    private static Registration<ModelBuilder> builder(String name, double alpha) {
        return new Registration<>(signature(name).keywordOnly("dropout", 0.2).build(), "MNASNet " + alpha,
                a -> new MNASNet(alpha, a.getLong("num_classes"), a.getDouble("dropout")));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof MNASNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.1");
    }

    /** The last layer at each resolution of {@code layers}: {@code layers.7}, {@code .8}, {@code .9}, {@code .11}, {@code .16}, strides 2 to 32. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "layers");
    }
}
