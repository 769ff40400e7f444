package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/** MobileNet v3 large and small ({@code torchvision.models.mobilenetv3}): head {@code classifier.3}. */
final class MobileNetV3Family implements ModelFamily {
    @Override
    public String name() {
        return "mobilenetv3";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("large"), builder("small"));
    }

    private static Registration<ModelBuilder> builder(String arch) {
        return new Registration<>(signature("mobilenet_v3_" + arch).keywordOnly("dropout", 0.2)
                .keywordOnly("width_mult", 1.0).keywordOnly("reduced_tail", false).keywordOnly("dilated", false)
                .build(), "MobileNet v3 " + arch,
                a -> MobileNetV3.create(arch, a.getLong("num_classes"), a.getDouble("dropout"),
                        a.getDouble("width_mult"), a.getBool("reduced_tail"), a.getBool("dilated")));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof MobileNetV3;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.3");
    }

    /** The last block of {@code features} at each resolution, and its last block. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
