package dev.trainkit.vision.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads pretrained weights for fine-tuning: strictly for the backbone, leniently for the head.
 * Every backbone tensor must be in the file with the model's shape and the file may hold no
 * backbone tensor the model lacks (a resnet18 file refuses to load into resnet34); head tensors
 * are loaded when their shapes match, unless {@code resetHead}, and otherwise keep the model's
 * fresh initialisation. The head is {@link Heads#paths} for zoo models and the last top-level
 * child with parameters for other models ({@code Sequential}s such as an MLP).
 *
 * <pre>{@code
 * List<String> fresh = BackboneWeights.load(model, WeightsFiles.load(file), false, file.toString());
 * // PyTorch: sd = {k: v for k, v in sd.items() if not k.startswith("fc.") or v.shape == own[k].shape}
 * //          missing, unexpected = model.load_state_dict(sd, strict=False); assert only head keys in missing
 * }</pre>
 */
public final class BackboneWeights {
    private BackboneWeights() {
    }

    /**
     * Copies {@code sd} into {@code model}.
     *
     * @param where the file name, for messages
     * @return the head tensors left at their fresh initialisation (empty when the head was loaded)
     * @throws IllegalArgumentException listing missing, mismatched and unexpected backbone keys
     */
    public static List<String> load(Module model, Map<String, Tensor> sd, boolean resetHead, String where) {
        List<String> heads = headPaths(model);
        Map<String, Tensor> own = model.stateDict();
        Map<String, Tensor> use = new LinkedHashMap<>();
        List<String> fresh = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            String k = e.getKey();
            Tensor t = sd.get(k);
            boolean same = t != null && Arrays.equals(t.shape(), e.getValue().shape());
            if (inHead(k, heads)) {
                if (same && !resetHead) {
                    use.put(k, t);
                } else {
                    fresh.add(k);
                }
            } else if (t == null) {
                missing.add(k);
            } else if (!same) {
                mismatched.add(k + " (file " + Arrays.toString(t.shape()) + ", model "
                        + Arrays.toString(e.getValue().shape()) + ")");
            } else {
                use.put(k, t);
            }
        }
        List<String> unexpected = sd.keySet().stream().filter(k -> !own.containsKey(k) && !inHead(k, heads)).toList();
        if (!missing.isEmpty() || !mismatched.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder m = new StringBuilder("weights ").append(where).append(" do not fit the model's backbone");
            append(m, "missing in the file", missing);
            append(m, "of another shape", mismatched);
            append(m, "in the file but not in the model", unexpected);
            throw new IllegalArgumentException(m.append(" (only the head ").append(heads)
                    .append(" may differ; is it the right model?)").toString());
        }
        model.loadStateDict(use, false);
        return fresh;
    }

    /** The head's module paths: {@link Heads#paths} for zoo models, else the last top-level child with parameters. */
    public static List<String> headPaths(Module model) {
        try {
            return Heads.paths(model);
        } catch (IllegalArgumentException notZoo) {
            String last = null;
            for (Map.Entry<String, Module> c : model.namedChildren().entrySet()) {
                if (!c.getValue().parameters().isEmpty()) {
                    last = c.getKey();
                }
            }
            if (last == null) {
                throw new IllegalArgumentException(model.getClass().getSimpleName() + " has no child with parameters to "
                        + "take as its head");
            }
            return List.of(last);
        }
    }

    private static boolean inHead(String key, List<String> heads) {
        return heads.stream().anyMatch(h -> key.startsWith(h + "."));
    }

    private static void append(StringBuilder m, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            m.append("; ").append(keys.size()).append(' ').append(what).append(": ")
                    .append(keys.size() > 12 ? keys.subList(0, 12) + " ..." : keys);
        }
    }
}
