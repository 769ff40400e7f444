package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One architecture family of the model zoo (ResNet, VGG, ConvNeXt, ...) and everything TrainKit
 * knows about it: its builders with torchvision's keyword arguments and defaults, where its
 * classifier heads are, how it splits into blocks for fine-tuning, and what a head replacement
 * must update besides the layer. Families are listed once in {@link ModelFamilies}; adding one is
 * a new implementation and one line there.
 *
 * <pre>{@code
 * ModelFamily f = ModelFamilies.forModel(model);    // the family owning a built model
 * f.headPaths(model);                               // [fc] for a ResNet
 * f.blocks(model);                                  // {stem=[conv1, bn1], layer1=[layer1], ...}
 * }</pre>
 *
 * <p>PyTorch equivalent: the builders of one torchvision module (e.g. {@code torchvision.models.resnet})
 * plus the per-family knowledge of its fine-tuning recipes.
 */
public interface ModelFamily {
    /** The family's name as listed by {@code trainkit models}, e.g. {@code resnet}. */
    String name();

    /** The family's builders, each with its torchvision signature (keyword-only, defaults once). */
    List<Registration<ModelBuilder>> builders();

    /** Whether {@code model} was built by this family. */
    boolean owns(Module model);

    /** Dotted paths of the classifier heads of {@code model}, the main head first, then auxiliary heads. */
    List<String> headPaths(Module model);

    /**
     * Block name → module paths, from input to head, for discriminative learning rates, layer-wise
     * lr decay and gradual unfreezing. By default every top-level child with parameters is a
     * block, a {@code Sequential} (or a child holding a head) split into its children, and the
     * heads last as {@code head}.
     */
    default Map<String, List<String>> blocks(Module model) {
        List<String> heads = headPaths(model);
        Map<String, List<String>> out = new LinkedHashMap<>();
        model.namedChildren().forEach((name, child) -> {
            if (heads.contains(name) || child.parameters().isEmpty()) {
                return;
            }
            boolean holdsHead = heads.stream().anyMatch(h -> h.startsWith(name + "."));
            if (child instanceof Sequential || holdsHead) {
                child.namedChildren().forEach((sub, m) -> {
                    String path = name + "." + sub;
                    if (!heads.contains(path) && !m.parameters().isEmpty()) {
                        out.put(path, List.of(path));
                    }
                });
            } else {
                out.put(name, List.of(name));
            }
        });
        out.put("head", List.copyOf(heads));
        return out;
    }

    /**
     * Called after every head of {@code model} was replaced by one with {@code numClasses}
     * outputs, for state the model keeps besides the layers (SqueezeNet's {@code num_classes}).
     */
    default void headsReplaced(Module model, long numClasses) {
    }

    /**
     * The feature stages of {@code model} for {@link Features}, from input to output; empty (the
     * default) when the family defines none.
     */
    default List<FeatureStage> featureStages(Module model) {
        return List.of();
    }

    /**
     * Keyword arguments besides {@code num_classes} that torchvision's builder takes from
     * pretrained weights' metadata before loading them (ViT: {@code image_size} = the weights'
     * {@code min_size}); none by default.
     *
     * @param minSize the weights' minimum input size (height, width)
     */
    default Map<String, Object> weightsArguments(long[] minSize) {
        return Map.of();
    }

    /**
     * A builder signature with torchvision's leading {@code num_classes=1000}; every zoo builder
     * takes keyword arguments only ({@code weights} and {@code progress} are its positionals).
     */
    static Signature.Builder signature(String builder) {
        return Signature.of(builder).keywordOnly("num_classes", 1000L);
    }
}
