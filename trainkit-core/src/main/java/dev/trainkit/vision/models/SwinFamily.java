package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Swin transformer v1 tiny/small/base ({@code torchvision.models.swin_transformer}): head
 * {@code head}; blocks {@code stem} (the patch embedding {@code features.0}), {@code stage1} ..
 * {@code stage4} (each with the PatchMerging before it), {@code head} ({@code norm} and
 * {@code head}), so layer-wise lr decay runs over the stages. The builders take
 * {@code num_classes}, {@code mlp_ratio}, {@code dropout} and {@code attention_dropout}; they fix
 * {@code stochastic_depth_prob} (0.2 / 0.3 / 0.5), so passing it is an error as in torchvision.
 */
final class SwinFamily implements ModelFamily {
    @Override
    public String name() {
        return "swin";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        List<Registration<ModelBuilder>> out = new ArrayList<>();
        String[] sizes = {"tiny", "small", "base"};
        for (int i = 0; i < SwinTransformer.ARCHS.size(); i++) {
            String arch = SwinTransformer.ARCHS.get(i);
            double sd = SwinTransformer.defaultStochasticDepthProb(arch);
            out.add(new Registration<>(signature(arch).keywordOnly("mlp_ratio", 4.0).keywordOnly("dropout", 0.0)
                    .keywordOnly("attention_dropout", 0.0).build(), "Swin transformer " + sizes[i],
                    a -> SwinTransformer.create(arch, a.getLong("num_classes"), a.getDouble("mlp_ratio"),
                            a.getDouble("dropout"), a.getDouble("attention_dropout"), sd)));
        }
        return out;
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof SwinTransformer;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("head");
    }

    /** features = [patch embedding, stage1, merge, stage2, merge, ...]: a PatchMerging joins the stage after it. */
    @Override
    public Map<String, List<String>> blocks(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("stem", List.of("features.0"));
        List<String> pending = new ArrayList<>();
        int stage = 0;
        for (String name : model.child("features").namedChildren().keySet()) {
            if (!name.equals("0")) {
                pending.add("features." + name);
                if (!(model.getSubmodule("features." + name) instanceof PatchMerging)) {
                    out.put("stage" + ++stage, List.copyOf(pending));
                    pending.clear();
                }
            }
        }
        out.put("head", List.of("norm", "head"));
        return out;
    }

    /**
     * The outputs of the stages {@code features.1}, {@code .3}, {@code .5}, {@code .7} (strides
     * patch size, then ×2 per PatchMerging), channels-last inside the model, NCHW as feature maps.
     */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        List<FeatureStage> out = new ArrayList<>();
        List<Module> pending = new ArrayList<>();
        long reduction = ((SwinTransformer) model).patchSize()[0];
        for (Map.Entry<String, Module> e : model.child("features").namedChildren().entrySet()) {
            pending.add(e.getValue());
            if (e.getValue() instanceof PatchMerging) {
                reduction *= 2;
            } else if (!e.getKey().equals("0")) {
                List<Module> run = List.copyOf(pending);
                pending.clear();
                out.add(new FeatureStage("features." + e.getKey(), FeatureStages.channels(e.getValue()), reduction,
                        x -> {
                            for (Module m : run) {
                                x = m.forward(x);
                            }
                            return x;
                        }, x -> x.permute(0, 3, 1, 2)));
            }
        }
        return out;
    }
}
