package dev.trainkit.vision.models;

import static dev.trainkit.vision.models.ModelFamily.signature;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Vision Transformers B/16, B/32, L/16, L/32 and H/14 ({@code torchvision.models.vision_transformer}):
 * head {@code heads.head} (after {@code heads.pre_logits} and its Tanh with a
 * representation_size); blocks {@code stem} (conv_proj, class token, position embedding), one per
 * encoder layer ({@code encoder_layer_0} ..), {@code head} (final LayerNorm and heads), the
 * grouping of layer-wise lr decay for ViTs (BEiT, MAE).
 */
final class ViTFamily implements ModelFamily {
    @Override
    public String name() {
        return "vit";
    }

    @Override
    public List<Registration<ModelBuilder>> builders() {
        return List.of(builder("b_16", "ViT-B/16"), builder("b_32", "ViT-B/32"), builder("l_16", "ViT-L/16"),
                builder("l_32", "ViT-L/32"), builder("h_14", "ViT-H/14"));
    }

    /** torchvision pops image_size (default 224) and passes the rest to VisionTransformer. */
    private static Registration<ModelBuilder> builder(String arch, String title) {
        return new Registration<>(signature("vit_" + arch).keywordOnly("image_size", 224L)
                .keywordOnly("dropout", 0.0).keywordOnly("attention_dropout", 0.0)
                .keywordOnly("representation_size", null).build(), title,
                a -> VisionTransformer.create(arch, a.getLong("image_size"), a.getLong("num_classes"),
                        a.getDouble("dropout"), a.getDouble("attention_dropout"),
                        a.hasValue("representation_size") ? a.getLong("representation_size") : null));
    }

    /** torchvision builds the model at the weights' size: {@code _ovewrite_named_param(kwargs, "image_size", ...)}. */
    @Override
    public Map<String, Object> weightsArguments(long[] minSize) {
        return Map.of("image_size", minSize[0]);
    }

    @Override
    public boolean owns(Module model) {
        return model instanceof VisionTransformer;
    }

    @Override
    public List<String> headPaths(Module model) {
        return List.of("heads.head");
    }

    /**
     * Each encoder layer and the final norm, as (N, hidden_dim, S/P, S/P) maps: the patch tokens
     * without the class token, reshaped to the patch grid (reduction = patch size).
     */
    @Override
    public List<FeatureStage> featureStages(Module model) {
        VisionTransformer vit = (VisionTransformer) model;
        ViTEncoder enc = vit.encoder();
        long grid = vit.imageSize() / vit.patchSize();
        long c = vit.hiddenDim();
        UnaryOperator<Tensor> toGrid = t -> t.narrow(1, 1, grid * grid).permute(0, 2, 1).reshape(t.size(0), c, grid,
                grid);
        List<FeatureStage> out = new ArrayList<>();
        Map<String, Module> layers = model.getSubmodule("encoder.layers").namedChildren();
        boolean first = true;
        for (Map.Entry<String, Module> e : layers.entrySet()) {
            Module block = e.getValue();
            UnaryOperator<Tensor> step = first ? x -> block.forward(enc.input(vit.tokens(x))) : block::forward;
            out.add(new FeatureStage("encoder.layers." + e.getKey(), c, vit.patchSize(), step, toGrid));
            first = false;
        }
        out.add(new FeatureStage("encoder.ln", c, vit.patchSize(), enc.norm()::forward, toGrid));
        return out;
    }

    @Override
    public Map<String, List<String>> blocks(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("stem", List.of("conv_proj", "class_token", "encoder.pos_embedding"));
        for (String layer : model.getSubmodule("encoder.layers").namedChildren().keySet()) {
            out.put(layer, List.of("encoder.layers." + layer));
        }
        out.put("head", List.of("encoder.ln", "heads"));
        return out;
    }
}
