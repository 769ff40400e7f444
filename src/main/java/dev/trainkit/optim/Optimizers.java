package dev.trainkit.optim;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates optimizers from spec strings (DESIGN.md §5) or by name with keyword options, and
 * tells their default options without loading libtorch.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create("AdamW(lr=1e-3, weight_decay=0.05)", model.parameters());
 * // PyTorch: torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
 * Optimizer sgd = Optimizers.create("SGD(0.1, 0.9, nesterov=True)", model.parameters()); // lr, momentum
 * Optimizer same = Optimizers.create("AdamW", Map.of("lr", 1e-3, "weight_decay", 0.05), model.parameters());
 * Map<String, Object> d = Optimizers.defaults("SGD");   // {lr=0.001, momentum=0.0, ...}
 * }</pre>
 *
 * <p>Names: {@code SGD, Adam, AdamW, RMSprop, Adagrad}. Spec strings use the exact PyTorch
 * name and keywords; the name-plus-map methods match names ignoring case.
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

    /**
     * Parses and checks an optimizer spec such as {@code "AdamW(lr=1e-3, weight_decay=0.05)"},
     * {@code "SGD(0.1, 0.9)"} (PyTorch's positional order after {@code params}: lr, momentum, ...;
     * {@code maximize} is keyword-only) or {@code "Adam(betas=(0.9, 0.99))"} (a tuple or list of
     * two numbers). Pure Java.
     *
     * @throws SpecException for a malformed spec, an unknown optimizer or keyword (listing the
     *     valid ones), a value of the wrong type, or a value the optimizer refuses
     */
    public static OptimizerSpec parse(String spec) {
        SpecCall call = SpecParser.parse(spec);
        String name = call.name();
        if (!OptimizerDefaults.NAMES.contains(name)) {
            throw new SpecException("optimizer: unknown optimizer '" + name + "'"
                    + NameSuggester.didYouMean(name, OptimizerDefaults.NAMES) + "; valid optimizers: "
                    + String.join(", ", OptimizerDefaults.NAMES));
        }
        Map<String, Object> defaults = OptimizerDefaults.of(name);
        SpecArgs a = SpecArgs.bind(call, OptimizerDefaults.positional(name), List.of("maximize"));
        Map<String, Object> given = new LinkedHashMap<>();
        for (String p : a.params()) {
            if (!a.hasValue(p)) {
                continue;
            }
            Object d = defaults.get(p);
            if (d instanceof Boolean) {
                given.put(p, a.getBool(p, false));
            } else if (d instanceof double[]) {
                List<Double> v = a.getDoubleList(p);
                if (v.size() != 2) {
                    throw new SpecException(name + ": argument '" + p + "': expected 2 numbers, e.g. (0.9, 0.999), got "
                            + v);
                }
                given.put(p, new double[] {v.get(0), v.get(1)});
            } else {
                given.put(p, a.getDouble(p));
            }
        }
        OptimizerSpec s = new OptimizerSpec(name, given);
        try {
            OptimizerDefaults.check(name, name, s.options());
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
        return s;
    }

    /**
     * The optimizer described by {@code spec} (see {@link #parse(String)}) over {@code params}.
     *
     * @throws SpecException for a bad spec
     * @throws IllegalArgumentException for an empty or invalid parameter list
     */
    public static Optimizer create(String spec, Collection<? extends Tensor> params) {
        OptimizerSpec s = parse(spec);
        return create(s.name(), s.overrides(), params);
    }

    /**
     * The optimizer described by {@code spec} over several parameter groups; the spec's options
     * are the defaults of every group, as PyTorch's keyword arguments.
     */
    public static Optimizer create(String spec, List<ParamGroupSpec> groups) {
        OptimizerSpec s = parse(spec);
        return create(s.name(), s.overrides(), groups);
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
                + (name == null ? "" : OptimizerDefaults.didYouMean(name, OptimizerDefaults.NAMES))
                + " (valid: " + String.join(", ", OptimizerDefaults.NAMES) + ")");
    }
}
