package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.List;

/**
 * GoogLeNet ({@code torchvision.models.googlenet}): head {@code fc}, plus {@code aux1.fc2} and
 * {@code aux2.fc2} when built with {@code aux_logits=True}.
 */
final class GoogLeNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "googlenet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(new Registration<>(signature("googlenet").keywordOnly("aux_logits", true)
                .keywordOnly("transform_input", false).keywordOnly("init_weights", true).keywordOnly("dropout", 0.2)
                .keywordOnly("dropout_aux", 0.7).build(), "GoogLeNet (Inception v1)",
                a -> new GoogLeNet(a.getLong("num_classes"), a.getBool("aux_logits"), a.getBool("transform_input"),
                        a.getBool("init_weights"), a.getDouble("dropout"), a.getDouble("dropout_aux"))));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof GoogLeNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return model.namedChildren().containsKey("aux1") ? List.of("fc", "aux1.fc2", "aux2.fc2") : List.of("fc");
    }

    /** {@code conv1}, {@code conv3}, {@code inception3b}, {@code inception4e}, {@code inception5b}, strides 2 to 32 (the auxiliary heads are not run; {@code transform_input} is). */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofPath(model, GoogLeNet.TRUNK, ((GoogLeNet) model)::prepare);
    }
}
