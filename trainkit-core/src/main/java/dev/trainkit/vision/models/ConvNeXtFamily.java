package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ConvNeXt tiny/small/base/large ({@code torchvision.models.convnext}): head {@code classifier.2}
 * (the Linear after LayerNorm2d and Flatten); blocks {@code stem} ({@code features.0}),
 * {@code stage1}..{@code stage4} (each with the downsampling layer before it), {@code head}
 * ({@code classifier}), as the ConvNeXt authors group parameters for layer-wise lr decay.
 */
final class ConvNeXtFamily implements ModelFamily {
    @Override
    public String name() {
        return "convnext";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("tiny", 0.1), builder("small", 0.4), builder("base", 0.5), builder("large", 0.5));
    }

    /** torchvision pops stochastic_depth_prob with a per-size default; layer_scale defaults to 1e-6. */
    private static Registration<ModelBuilder> builder(String arch, double sdProb) {
        return new Registration<>(signature("convnext_" + arch).keywordOnly("stochastic_depth_prob", sdProb)
                .keywordOnly("layer_scale", 1e-6).build(), "ConvNeXt " + arch,
                a -> ConvNeXt.create(arch, a.getLong("num_classes"), a.getDouble("stochastic_depth_prob"),
                        a.getDouble("layer_scale")));
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof ConvNeXt;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("classifier.2");
    }

    /**
     * features = [stem, stage1, down, stage2, down, stage3, down, stage4]: a downsampling layer
     * joins the stage after it (a trailing one, from a custom block setting, the stage before).
     */
    @Override
    public Map<String, List<String>> blocks(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("stem", List.of("features.0"));
        List<String> pending = new ArrayList<>();
        String last = null;
        int stage = 0;
        for (String name : model.child("features").namedChildren().keySet()) {
            if (name.equals("0")) {
                continue;
            }
            Module m = model.getSubmodule("features." + name);
            pending.add("features." + name);
            if (m.namedChildren().isEmpty() || m.child("0") instanceof CNBlock) {
                last = "stage" + ++stage;
                out.put(last, List.copyOf(pending));
                pending.clear();
            }
        }
        if (!pending.isEmpty() && last != null) {
            List<String> merged = new ArrayList<>(out.get(last));
            merged.addAll(pending);
            out.put(last, List.copyOf(merged));
        }
        out.put("head", List.of("classifier"));
        return out;
    }

    /** The last block of {@code features} at each resolution, and its last block. */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        return FeatureStages.ofSequential(model, "features");
    }
}
