package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/**
 * Inception v3 ({@code torchvision.models.inception_v3}): head {@code fc}, plus
 * {@code AuxLogits.fc} when built with {@code aux_logits=True}.
 */
final class InceptionFamily implements ModelFamily {
    @Override
    public String name() {
        return "inception";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(new Registration<>(signature("inception_v3").keywordOnly("aux_logits", true)
                .keywordOnly("transform_input", false).keywordOnly("init_weights", true).keywordOnly("dropout", 0.5)
                .build(), "Inception v3",
                a -> new Inception3(a.getLong("num_classes"), a.getBool("aux_logits"), a.getBool("transform_input"),
                        a.getBool("init_weights"), a.getDouble("dropout"))));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof Inception3;
    }

    @Override
    public List<String> headPaths(Module model) {
        return model.namedChildren().containsKey("AuxLogits") ? List.of("fc", "AuxLogits.fc") : List.of("fc");
    }

    /** {@code Conv2d_2b_3x3}, {@code Conv2d_4a_3x3}, {@code Mixed_5d}, {@code Mixed_6e}, {@code Mixed_7c} at nominal strides 2 to 32 (unpadded: maps are smaller than input/stride), as timm's {@code feature_info}. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofPath(model, Inception3.TRUNK, ((Inception3) model)::prepare);
    }
}
