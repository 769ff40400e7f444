package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.List;

/** VGG 11/13/16/19 with and without BatchNorm ({@code torchvision.models.vgg}): head {@code classifier.6}. */
final class VGGFamily implements ModelFamily {
    @Override
    public String name() {
        return "vgg";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        List<Registration<ModelBuilder>> out = new ArrayList<>();
        for (String depth : new String[] {"vgg11", "vgg13", "vgg16", "vgg19"}) {
            for (boolean bn : new boolean[] {false, true}) {
                String name = depth + (bn ? "_bn" : "");
                out.add(new Registration<>(signature(name).keywordOnly("init_weights", true)
                        .keywordOnly("dropout", 0.5).build(),
                        "VGG-" + depth.substring(3) + (bn ? " with BatchNorm" : ""),
                        a -> VGG.create(depth, bn, a.getLong("num_classes"), a.getBool("init_weights"),
                                a.getDouble("dropout"))));
            }
        }
        return out;
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof VGG;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.6");
    }

    /** The ReLU before each max pool (strides 1 to 16), then the last max pool (stride 32): {@code features.i}. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
