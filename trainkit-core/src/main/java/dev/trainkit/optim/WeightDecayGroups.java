package dev.trainkit.optim;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.GroupNorm;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parameter groups by weight decay as torchvision's classification reference builds them
 * ({@code references/classification/utils.py} {@code set_weight_decay}, used by {@code train.py}'s
 * {@code --norm-weight-decay}, {@code --bias-weight-decay} and {@code --transformer-embedding-decay}).
 *
 * <p>Exact semantics: every module is visited in {@code named_modules} order (itself, then its
 * children depth first); each of its own parameters goes to the first custom key equal to its
 * name (or, for a key containing a dot, to its dotted path from the model); otherwise to the
 * {@code norm} group when {@code normWeightDecay} is given and the module is a normalisation
 * layer (BatchNorm, SyncBatchNorm, LayerNorm and its subclasses, GroupNorm); otherwise to
 * {@code other}. The groups come out in the order {@code other}, {@code norm}, then the custom
 * keys as given, each with its {@code weight_decay}; empty groups are left out. Unlike
 * torchvision, parameters that do not require gradients are kept (frozen parameters may be
 * unfrozen later by the trainer).
 *
 * <pre>{@code
 * // train.py --weight-decay 2e-5 --norm-weight-decay 0.0 --bias-weight-decay 0.0
 * List<ParamGroupSpec> groups = WeightDecayGroups.of(model, 2e-5, 0.0,
 *         WeightDecayGroups.torchvisionKeys(0.0, null));
 * Optimizer opt = Optimizers.create("SGD(lr=0.5, momentum=0.9)", groups);
 * }</pre>
 */
public final class WeightDecayGroups {
    /** The parameter names {@code --transformer-embedding-decay} applies to in torchvision 0.14's {@code train.py}. */
    public static final List<String> TRANSFORMER_EMBEDDING_KEYS = List.of("class_token", "position_embedding",
            "relative_position_bias_table");

    private WeightDecayGroups() {
    }

    /**
     * The custom keys {@code train.py} passes: {@code bias} with {@code biasWeightDecay}, then
     * {@link #TRANSFORMER_EMBEDDING_KEYS} with {@code transformerEmbeddingDecay}; a null value
     * leaves its keys out.
     */
    public static Map<String, Double> torchvisionKeys(Double biasWeightDecay, Double transformerEmbeddingDecay) {
        Map<String, Double> keys = new LinkedHashMap<>();
        if (biasWeightDecay != null) {
            keys.put("bias", nonNegative("--bias-weight-decay", biasWeightDecay));
        }
        if (transformerEmbeddingDecay != null) {
            for (String k : TRANSFORMER_EMBEDDING_KEYS) {
                keys.put(k, nonNegative("--transformer-embedding-decay", transformerEmbeddingDecay));
            }
        }
        return keys;
    }

    /**
     * The groups of {@code model}'s parameters ({@code set_weight_decay(model, weight_decay,
     * norm_weight_decay, custom_keys_weight_decay)}).
     *
     * @param weightDecay the decay of {@code other}
     * @param normWeightDecay the decay of normalisation layers' parameters, or null to keep them in {@code other}
     * @param customKeys parameter name (or dotted path) to decay, in order
     */
    public static List<ParamGroupSpec> of(Module model, double weightDecay, Double normWeightDecay,
            Map<String, Double> customKeys) {
        Objects.requireNonNull(model, "model");
        nonNegative("--weight-decay", weightDecay);
        if (normWeightDecay != null) {
            nonNegative("--norm-weight-decay", normWeightDecay);
        }
        Map<String, Double> custom = customKeys == null ? Map.of() : customKeys;
        Map<String, List<Parameter>> params = new LinkedHashMap<>();
        Map<String, Double> decay = new LinkedHashMap<>();
        params.put("other", new ArrayList<>());
        decay.put("other", weightDecay);
        params.put("norm", new ArrayList<>());
        decay.put("norm", normWeightDecay);
        custom.forEach((k, v) -> {
            params.put(k, new ArrayList<>());
            decay.put(k, v);
        });
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        model.namedModules().forEach((prefix, module) -> module.namedParameters().forEach((name, p) -> {
            if (name.contains(".") || !seen.add(p)) {
                return; // a child's parameter, visited with its own module; or shared and already placed
            }
            String key = null;
            for (String k : custom.keySet()) {
                String target = !prefix.isEmpty() && k.contains(".") ? prefix + "." + name : name;
                if (k.equals(target)) {
                    key = k;
                    break;
                }
            }
            if (key == null) {
                key = normWeightDecay != null && isNorm(module) ? "norm" : "other";
            }
            params.get(key).add(p);
        }));
        List<ParamGroupSpec> out = new ArrayList<>();
        params.forEach((k, ps) -> {
            if (!ps.isEmpty()) {
                out.add(ParamGroupSpec.of(ps).with("weight_decay", decay.get(k)));
            }
        });
        return out;
    }

    /** Whether {@code m} is one of torchvision's {@code norm_classes} that TrainKit has. */
    static boolean isNorm(Module m) {
        return m instanceof BatchNormBase || m instanceof LayerNorm || m instanceof GroupNorm;
    }

    private static double nonNegative(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(flag + ": expected a non-negative weight decay, got " + v);
        }
        return v;
    }
}
