package dev.trainkit.optim;

import dev.trainkit.spec.NameSuggester;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch 2.x default options of each optimizer, and the normalisation and checking of option
 * values. Pure Java: nothing here loads libtorch, so the CLI may use it freely.
 *
 * <p>Numbers are stored as {@link Double}, flags as {@link Boolean}, {@code betas} as
 * {@code double[2]}, as {@link ParamGroup} expects.
 */
final class OptimizerDefaults {
    private OptimizerDefaults() {
    }

    /** The PyTorch names of the optimizers TrainKit provides, in a stable order. */
    static final List<String> NAMES = List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad");

    /** A fresh copy of {@code name}'s defaults (exact PyTorch name). */
    static Map<String, Object> of(String name) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (name) {
            case "SGD" -> {
                // PyTorch 2.x: lr=1e-3 (it was a required argument in 1.13)
                d.put("lr", 1e-3);
                d.put("momentum", 0.0);
                d.put("dampening", 0.0);
                d.put("weight_decay", 0.0);
                d.put("nesterov", false);
                d.put("maximize", false);
            }
            case "Adam", "AdamW" -> {
                d.put("lr", 1e-3);
                d.put("betas", new double[] {0.9, 0.999});
                d.put("eps", 1e-8);
                d.put("weight_decay", name.equals("AdamW") ? 1e-2 : 0.0);
                d.put("amsgrad", false);
                d.put("maximize", false);
            }
            case "RMSprop" -> {
                d.put("lr", 1e-2);
                d.put("alpha", 0.99);
                d.put("eps", 1e-8);
                d.put("weight_decay", 0.0);
                d.put("momentum", 0.0);
                d.put("centered", false);
                d.put("maximize", false);
            }
            case "Adagrad" -> {
                d.put("lr", 1e-2);
                d.put("lr_decay", 0.0);
                d.put("weight_decay", 0.0);
                d.put("initial_accumulator_value", 0.0);
                d.put("eps", 1e-10);
                d.put("maximize", false);
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'"
                    + didYouMean(name, NAMES) + " (valid: " + String.join(", ", NAMES) + ")");
        }
        return d;
    }

    /**
     * {@code given} checked against the keys of {@code template} and converted to the stored
     * types (Double, Boolean, double[]).
     *
     * @param where the prefix of error messages, e.g. {@code "Adam"} or {@code "Adam param group 1"}
     */
    static Map<String, Object> normalize(String where, Map<String, ?> given, Map<String, Object> template) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String key = e.getKey();
            if (key == null || !template.containsKey(key)) {
                throw new IllegalArgumentException(where + ": unknown option '" + key + "'"
                        + didYouMean(String.valueOf(key), template.keySet())
                        + " (valid: " + String.join(", ", template.keySet()) + ")");
            }
            out.put(key, convert(where, key, e.getValue(), template.get(key)));
        }
        return out;
    }

    /** {@code value} converted to the type of {@code like}, or a clear error. */
    static Object convert(String where, String key, Object value, Object like) {
        if (like instanceof Boolean) {
            if (value instanceof Boolean) {
                return value;
            }
            throw typeError(where, key, "true or false", value);
        }
        if (like instanceof double[]) {
            double[] a = doubles(value);
            if (a == null || a.length != 2) {
                throw typeError(where, key, "a pair of numbers, e.g. double[]{0.9, 0.999}", value);
            }
            return a;
        }
        if (value instanceof Number n && !(value instanceof Boolean)) {
            return n.doubleValue();
        }
        throw typeError(where, key, "a number", value);
    }

    private static double[] doubles(Object value) {
        if (value instanceof double[] a) {
            return a.clone();
        }
        if (value instanceof float[] f) {
            double[] a = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                a[i] = f[i];
            }
            return a;
        }
        Collection<?> c = value instanceof Collection<?> col ? col : value instanceof Object[] arr ? List.of(arr) : null;
        if (c == null) {
            return null;
        }
        double[] a = new double[c.size()];
        int i = 0;
        for (Object o : c) {
            if (!(o instanceof Number n)) {
                return null;
            }
            a[i++] = n.doubleValue();
        }
        return a;
    }

    private static IllegalArgumentException typeError(String where, String key, String expected, Object got) {
        String desc = got == null ? "null" : got.getClass().getSimpleName() + " " + show(got);
        return new IllegalArgumentException(where + ": option '" + key + "' expected " + expected + ", got " + desc);
    }

    private static String show(Object o) {
        return o instanceof double[] a ? java.util.Arrays.toString(a) : String.valueOf(o);
    }

    /** {@code "; did you mean 'x'?"} for the closest of {@code valid} ({@link NameSuggester}), or "". */
    static String didYouMean(String given, Collection<String> valid) {
        String c = NameSuggester.closest(given, valid);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /**
     * The positional parameters of {@code name}'s constructor after {@code params}, in PyTorch's
     * order: every option but {@code maximize}, which is keyword-only in PyTorch 2.x (and RMSprop's
     * and Adagrad's later positions, {@code capturable}/{@code foreach}, have no TrainKit option).
     */
    static List<String> positional(String name) {
        List<String> p = new ArrayList<>(of(name).keySet());
        p.remove("maximize");
        return p;
    }

    /**
     * Checks a complete set of options of optimizer {@code name} (an exact PyTorch name) as
     * PyTorch's constructor does.
     *
     * @param where the prefix of error messages
     * @throws IllegalArgumentException naming the invalid option
     */
    static void check(String name, String where, Map<String, Object> o) {
        checkNonNegative(where, o, "lr", "learning rate");
        switch (name) {
            case "SGD" -> {
                checkNonNegative(where, o, "momentum", "momentum value");
                checkNonNegative(where, o, "weight_decay", "weight_decay value");
                double momentum = (Double) o.get("momentum");
                double dampening = (Double) o.get("dampening");
                if ((Boolean) o.get("nesterov") && (momentum <= 0 || dampening != 0)) {
                    throw new IllegalArgumentException(where + ": Nesterov momentum requires a momentum and zero"
                            + " dampening (got momentum=" + momentum + ", dampening=" + dampening + ")");
                }
            }
            case "Adam", "AdamW" -> {
                checkNonNegative(where, o, "eps", "epsilon value");
                checkBetas(where, o);
                checkNonNegative(where, o, "weight_decay", "weight_decay value");
            }
            case "RMSprop" -> {
                checkNonNegative(where, o, "eps", "epsilon value");
                checkNonNegative(where, o, "momentum", "momentum value");
                checkNonNegative(where, o, "weight_decay", "weight_decay value");
                checkNonNegative(where, o, "alpha", "alpha value");
            }
            case "Adagrad" -> {
                checkNonNegative(where, o, "lr_decay", "lr_decay value");
                checkNonNegative(where, o, "weight_decay", "weight_decay value");
                checkNonNegative(where, o, "initial_accumulator_value", "initial_accumulator_value value");
                checkNonNegative(where, o, "eps", "epsilon value");
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'");
        }
    }

    /** Throws unless {@code options[key] >= 0} (NaN fails), with PyTorch's wording. */
    private static void checkNonNegative(String where, Map<String, Object> options, String key, String what) {
        double v = ((Number) options.get(key)).doubleValue();
        if (!(v >= 0.0)) {
            throw new IllegalArgumentException(where + ": invalid " + what + ": " + key + " must be >= 0, got " + v);
        }
    }

    /** Throws unless both betas are in [0, 1). */
    private static void checkBetas(String where, Map<String, Object> options) {
        double[] b = (double[]) options.get("betas");
        for (int i = 0; i < 2; i++) {
            if (!(b[i] >= 0.0 && b[i] < 1.0)) {
                throw new IllegalArgumentException(where + ": invalid beta parameter at index " + i + ": betas[" + i
                        + "] must be in [0, 1), got " + b[i]);
            }
        }
    }

    /** A deep copy of an options map (double[] values cloned). */
    static Map<String, Object> copy(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, v instanceof double[] a ? a.clone() : v));
        return out;
    }
}
