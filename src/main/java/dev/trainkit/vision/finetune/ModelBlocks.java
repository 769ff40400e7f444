package dev.trainkit.vision.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.vision.models.ResNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A zoo model split into blocks from input to head, for discriminative learning rates and
 * layer-wise lr decay ({@link dev.trainkit.optim.finetune.ParamGroups#blocks}) and for gradual
 * unfreezing. ResNet-style models: {@code stem} (conv1, bn1), {@code layer1}..{@code layer4},
 * {@code head} (fc). Other families: each top-level child with parameters, a {@code Sequential}
 * (e.g. {@code features}) split into its children ({@code features.0}, {@code features.3}, ...),
 * a child holding a head split likewise, and the heads ({@link Heads#paths}) last as {@code head}.
 * EfficientNet: the stem {@code features.0}, one block per stage {@code features.1} ..
 * {@code features.N-2}, the last 1×1 conv {@code features.N-1}, {@code head} ({@code classifier.1}).
 *
 * <pre>{@code
 * List<ParamGroupSpec> g = ParamGroups.of(model).blocks(ModelBlocks.of(model)).layerDecay(1e-3, 0.7).build();
 * // PyTorch: one {'params': block.parameters(), 'lr': 1e-3 * 0.7 ** depth} per block
 * }</pre>
 */
public final class ModelBlocks {
    private ModelBlocks() {
    }

    /** Block name → module patterns, from input to head. */
    public static Map<String, List<String>> of(Module model) {
        List<String> heads = Heads.paths(model);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (model instanceof ResNet) {
            out.put("stem", List.of("conv1", "bn1"));
            for (String l : List.of("layer1", "layer2", "layer3", "layer4")) {
                out.put(l, List.of(l));
            }
            out.put("head", List.of("fc"));
            return out;
        }
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
}
