package dev.trainkit.vision.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.vision.models.CNBlock;
import dev.trainkit.vision.models.ConvNeXt;
import dev.trainkit.vision.models.ResNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A zoo model split into blocks from input to head, for discriminative learning rates and
 * layer-wise lr decay ({@link dev.trainkit.optim.finetune.ParamGroups#blocks}) and for gradual
 * unfreezing. ResNet-style models: {@code stem} (conv1, bn1), {@code layer1}..{@code layer4},
 * {@code head} (fc). ConvNeXt: {@code stem} ({@code features.0}), {@code stage1}
 * ({@code features.1}), {@code stage2}..{@code stage4} (each with the downsampling layer that
 * precedes it: {@code features.2} and {@code features.3}, ...), {@code head} ({@code classifier}:
 * LayerNorm2d and Linear), as the ConvNeXt authors group parameters for layer-wise lr decay.
 * Other families: each top-level child with parameters, a {@code Sequential}
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
        if (model instanceof ConvNeXt) {
            return convnext(model);
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

    /**
     * features = [stem, stage1, down, stage2, down, stage3, down, stage4]: a downsampling layer
     * joins the stage after it (a trailing one, from a custom block setting, the stage before).
     */
    private static Map<String, List<String>> convnext(Module model) {
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
}
