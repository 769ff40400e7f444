package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RegNetY and RegNetX, 400MF to 128GF ({@code torchvision.models.regnet}): head {@code fc};
 * blocks {@code stem}, {@code block1}..{@code block4} ({@code trunk_output.blockN}), {@code head}.
 * The builders take {@code num_classes} and {@code stem_width}; torchvision forwards its other
 * kwargs to RegNet too, but those are layer factories (norm_layer, activation), not values.
 */
final class RegNetFamily implements ModelFamily {
    @Override
    public String name() {
        return "regnet";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return RegNet.ARCHS.stream().map(arch -> new Registration<ModelBuilder>(
                signature(arch).keywordOnly("stem_width", 32L).build(),
                // regnet_y_1_6gf -> RegNetY 1.6GF
                "RegNet" + arch.substring(7, 8).toUpperCase(Locale.ROOT) + " "
                        + arch.substring(9).replace('_', '.').toUpperCase(Locale.ROOT),
                a -> RegNet.create(arch, a.getLong("num_classes"), a.getLong("stem_width")))).toList();
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof RegNet;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("fc");
    }

    @Override
    public Map<String, List<String>> blocks(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("stem", List.of("stem"));
        model.child("trunk_output").namedChildren().keySet().forEach(b -> out.put(b, List.of("trunk_output." + b)));
        out.put("head", List.of("fc"));
        return out;
    }

    /** {@code stem} (stride 2), then {@code trunk_output.block1..N}, each halving the map. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        List<FeatureStage> out = new ArrayList<>();
        Module stem = model.child("stem");
        out.add(FeatureStage.of("stem", FeatureStages.channels(stem), 2, stem::forward));
        long reduction = 2;
        for (Map.Entry<String, Module> e : model.child("trunk_output").namedChildren().entrySet()) {
            Module stage = e.getValue();
            reduction *= FeatureStages.blockStride(stage);
            out.add(FeatureStage.of("trunk_output." + e.getKey(), FeatureStages.channels(stage), reduction,
                    stage::forward));
        }
        return out;
    }
}
