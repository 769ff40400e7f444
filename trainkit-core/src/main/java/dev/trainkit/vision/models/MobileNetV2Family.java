package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/** MobileNet v2 ({@code torchvision.models.mobilenet_v2}): head {@code classifier.1}. */
final class MobileNetV2Family implements ModelFamily {
    @Override
    public String name() {
        return "mobilenetv2";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(new Registration<>(signature("mobilenet_v2").keywordOnly("width_mult", 1.0)
                .keywordOnly("round_nearest", 8L).keywordOnly("dropout", 0.2).build(), "MobileNet v2",
                a -> new MobileNetV2(a.getLong("num_classes"), a.getDouble("width_mult"), a.getLong("round_nearest"),
                        a.getDouble("dropout"))));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof MobileNetV2;
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
