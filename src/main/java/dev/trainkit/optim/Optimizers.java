package dev.trainkit.optim;

import dev.trainkit.tensor.Tensor;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates optimizers by their PyTorch name with keyword options, and tells their default options
 * without loading libtorch: what a spec such as {@code AdamW(lr=1e-3, weight_decay=0.05)} needs.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create("AdamW", Map.of("lr", 1e-3, "weight_decay", 0.05), model.parameters());
 * // PyTorch: torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
 * Map<String, Object> d = Optimizers.defaults("SGD");   // {lr=0.001, momentum=0.0, ...}
 * }</pre>
 *
 * <p>Names: {@code SGD, Adam, AdamW, RMSprop, Adagrad}; matched ignoring case.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** The optimizer names, PyTorch spelling. */
    public static List<String> names() {
        return OptimizerDefaults.NAMES;
    }

    /**
     * PyTorch 2.x's default options of optimizer {@code name} (a fresh mutable copy; numbers as
     * Double, flags as Boolean, {@code betas} as {@code double[2]}). Pure Java.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Map<String, Object> defaults(String name) {
        return OptimizerDefaults.of(canonical(name));
    }

    /** The optimizer {@code name} over {@code params} with keyword options {@code kwargs}. */
    public static Optimizer create(String name, Map<String, ?> kwargs, Collection<? extends Tensor> params) {
        String n = canonical(name);
        return create(n, kwargs, Optimizer.singleGroup(n, params));
    }

    /** The optimizer {@code name} over several parameter groups; {@code kwargs} are their defaults. */
    public static Optimizer create(String name, Map<String, ?> kwargs, List<ParamGroupSpec> groups) {
        return switch (canonical(name)) {
            case "SGD" -> new SGD(groups, kwargs);
            case "Adam" -> new Adam(groups, kwargs);
            case "AdamW" -> new AdamW(groups, kwargs);
            case "RMSprop" -> new RMSprop(groups, kwargs);
            case "Adagrad" -> new Adagrad(groups, kwargs);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    private static String canonical(String name) {
        if (name != null) {
            for (String n : OptimizerDefaults.NAMES) {
                if (n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return n;
                }
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'"
                + (name == null ? "" : Names.didYouMean(name, OptimizerDefaults.NAMES))
                + " (valid: " + String.join(", ", OptimizerDefaults.NAMES) + ")");
    }
}
