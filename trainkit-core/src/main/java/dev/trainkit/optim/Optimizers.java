package dev.trainkit.optim;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Registry;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.spec.SpecTuple;
import dev.trainkit.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates optimizers from spec strings or by name with keyword options, and tells their default
 * options without loading libtorch.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create("AdamW(lr=1e-3, weight_decay=0.05)", model.parameters());
 * // PyTorch: torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
 * Optimizer sgd = Optimizers.create("SGD(0.1, 0.9, nesterov=True)", model.parameters()); // lr, momentum
 * Optimizer same = Optimizers.create("AdamW", Map.of("lr", 1e-3, "weight_decay", 0.05), model.parameters());
 * Map<String, Object> d = Optimizers.defaults("SGD");   // {lr=0.001, momentum=0.0, ...}
 * }</pre>
 *
 * <p>Every optimizer states its signature (PyTorch's parameters and defaults), checks and
 * constructor in its own file as a {@link Registration}; {@link #REGISTRY} lists them, one line
 * each. Spec strings use the exact PyTorch name and keywords; the name-plus-map methods match
 * names ignoring case.
 */
public final class Optimizers {
    /** Every optimizer, one registration line each; the order is the listing order. */
    public static final Registry<OptimizerFactory> REGISTRY = new Registry<OptimizerFactory>("optimizer")
            .register(SGD.REGISTRATION)
            .register(Adam.REGISTRATION)
            .register(AdamW.REGISTRATION)
            .register(RMSprop.REGISTRATION)
            .register(Adagrad.REGISTRATION)
            .register(NAdam.REGISTRATION)
            .register(RAdam.REGISTRATION)
            .register(Adamax.REGISTRATION)
            .register(Adadelta.REGISTRATION)
            .register(ASGD.REGISTRATION)
            .register(Rprop.REGISTRATION)
            .register(LBFGS.REGISTRATION)
            .register(SparseAdam.REGISTRATION)
            .register(Lion.REGISTRATION)
            .register(Lamb.REGISTRATION)
            .register(Lars.REGISTRATION)
            .register(Adafactor.REGISTRATION);

    private Optimizers() {
    }

    /** The optimizer names, PyTorch spelling, in registration order. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /**
     * PyTorch 2.x's default options of optimizer {@code name} (a fresh mutable copy; numbers as
     * Double, flags as Boolean, tuples such as {@code betas} as {@code double[]}, None as null;
     * the unset {@code foreach} selector is left out). Pure Java.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Map<String, Object> defaults(String name) {
        return OptimizerOptions.defaults(registration(name).signature());
    }

    /**
     * Parses and checks an optimizer spec such as {@code "AdamW(lr=1e-3, weight_decay=0.05)"},
     * {@code "SGD(0.1, 0.9)"} (PyTorch's positional order after {@code params}: lr, momentum, ...;
     * {@code maximize} is keyword-only) or {@code "Adam(betas=(0.9, 0.99))"} (a tuple or list of
     * two numbers). A string option whose default is None also takes a bare word:
     * {@code "LBFGS(line_search_fn=strong_wolfe)"} is {@code line_search_fn='strong_wolfe'}. Pure Java.
     *
     * @throws SpecException for a malformed spec, an unknown optimizer or keyword (listing the
     *     valid ones), a value of the wrong type, or a value the optimizer refuses
     */
    public static OptimizerSpec parse(String spec) {
        SpecCall call = SpecParser.parse(spec);
        String name = call.name();
        if (!REGISTRY.contains(name)) {
            throw new SpecException("optimizer: unknown optimizer '" + name + "'"
                    + NameSuggester.didYouMean(name, names()) + "; valid optimizers: " + String.join(", ", names()));
        }
        Registration<OptimizerFactory> r = REGISTRY.get(name);
        SpecArgs a = r.signature().bind(call);
        Map<String, Object> template = OptimizerOptions.template(r.signature());
        Map<String, Object> given = new LinkedHashMap<>();
        for (String p : a.params()) {
            if (a.hasValue(p)) {
                given.put(p, specValue(name, a, p, template.get(p)));
            }
        }
        OptimizerSpec s = new OptimizerSpec(name, given);
        try {
            r.factory().check(name, s.options());
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
        return s;
    }

    /** Argument {@code p} in the stored type of its default {@code like}. */
    private static Object specValue(String name, SpecArgs a, String p, Object like) {
        if (like instanceof Boolean) {
            return a.getBool(p, false);
        }
        if (like instanceof String) {
            return a.getString(p);
        }
        if (like instanceof double[] template) {
            if (a.get(p) instanceof SpecTuple t && t.items().contains(null) && t.items().size() == template.length) {
                return OptimizerOptions.convert(name, p, t, like); // None inside, e.g. Adafactor's eps=(None, 1e-3)
            }
            List<Double> v = a.getDoubleList(p);
            if (v.size() != template.length) {
                throw new SpecException(name + ": argument '" + p + "': expected " + template.length
                        + " numbers, e.g. " + REGISTRY.get(name).signature().defaults().get(p) + ", got " + v);
            }
            return v.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (like instanceof Double) {
            return a.getDouble(p);
        }
        if (like == null && a.get(p) instanceof SpecCall word && word.args().isEmpty() && word.kwargs().isEmpty()) {
            // a bare word for a string option whose default is None: line_search_fn=strong_wolfe
            return word.name();
        }
        try {
            return OptimizerOptions.convert(name, p, a.get(p), null);
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
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
        Registration<OptimizerFactory> r = registration(name);
        return r.factory().create(Optimizer.singleGroup(r.name(), params), kwargs);
    }

    /** The optimizer {@code name} over several parameter groups; {@code kwargs} are their defaults. */
    public static Optimizer create(String name, Map<String, ?> kwargs, List<ParamGroupSpec> groups) {
        return registration(name).factory().create(groups, kwargs);
    }

    /** The registration of {@code name}, matched ignoring case. */
    static Registration<OptimizerFactory> registration(String name) {
        if (name != null) {
            for (Registration<OptimizerFactory> r : REGISTRY.registrations()) {
                if (r.name().equalsIgnoreCase(name)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'"
                + (name == null ? "" : OptimizerOptions.didYouMean(name, names()))
                + " (valid: " + String.join(", ", names()) + ")");
    }
}
