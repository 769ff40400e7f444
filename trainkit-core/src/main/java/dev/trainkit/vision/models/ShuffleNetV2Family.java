package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.List;

/** ShuffleNet v2 x0.5 .. x2.0 ({@code torchvision.models.shufflenetv2}): head {@code fc}. */
final class ShuffleNetV2Family implements ModelFamily {
    @Override
    public String name() {
        return "shufflenetv2";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        List<Registration<ModelBuilder>> out = new ArrayList<>();
        for (String w : new String[] {"x0_5", "x1_0", "x1_5", "x2_0"}) {
            out.add(new Registration<>(signature("shufflenet_v2_" + w).build(),
                    "ShuffleNet v2 " + w.replace('_', '.'), a -> ShuffleNetV2.create(w, a.getLong("num_classes"))));
        }
        return out;
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof ShuffleNetV2;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("fc");
    }

    /** {@code conv1}, {@code maxpool}, {@code stage2}, {@code stage3} and {@code conv5}, strides 2 to 32. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofPath(model, List.of("conv1", "maxpool", "stage2", "stage3", "stage4", "conv5"), x -> x);
    }
}
