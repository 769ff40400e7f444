package dev.trainkit.optim;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecTuple;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimizer option values: the stored form of a signature's defaults, the conversion and
 * checking of given values, and the option checks PyTorch's constructors share. Pure Java:
 * nothing here loads libtorch, so spec parsing and the schedule simulator use it freely.
 *
 * <p>Stored types, as {@link ParamGroup} expects: numbers as {@link Double}, flags as
 * {@link Boolean}, tuples ({@code betas}, {@code etas}) as {@code double[]}, strings as
 * {@link String}, Python's {@code None} as {@code null}.
 */
final class OptimizerOptions {
    /**
     * PyTorch's implementation selector ({@code foreach=None}: the library picks). It is kept in a
     * group only when set, so groups hold the options that change the numbers.
     */
    static final String FOREACH = "foreach";

    private OptimizerOptions() {
    }

    /** A Python tuple of numbers (or None) for a signature default ({@code betas=(0.9, 0.999)}). */
    static SpecTuple tuple(Object... items) {
        return new SpecTuple(java.util.Arrays.asList(items)); // List.of refuses null (None)
    }

    /**
     * Every parameter's default from {@code signature} in the stored types (None kept as null).
     * Parameters without a default are left out.
     */
    static Map<String, Object> template(Signature signature) {
        Map<String, Object> out = new LinkedHashMap<>();
        signature.defaults().forEach((k, v) -> out.put(k, stored(v)));
        return out;
    }

    /** The defaults a group inherits: the template without the unset {@code foreach}. */
    static Map<String, Object> defaults(Signature signature) {
        Map<String, Object> d = template(signature);
        dropUnsetSelectors(d);
        return d;
    }

    /**
     * PyTorch 2.x's {@code differentiable}: true (autograd through the step, for meta-learning)
     * is refused; false, the only accepted value, is not kept in the groups (as {@link #FOREACH}).
     */
    static final String DIFFERENTIABLE = "differentiable";

    /** Removes {@code foreach} when it is None and {@code differentiable} (always false once checked). */
    static void dropUnsetSelectors(Map<String, Object> options) {
        if (options.containsKey(FOREACH) && options.get(FOREACH) == null) {
            options.remove(FOREACH);
        }
        if (Boolean.FALSE.equals(options.get(DIFFERENTIABLE))) {
            options.remove(DIFFERENTIABLE);
        }
    }

    private static Object stored(Object specValue) {
        if (specValue instanceof SpecTuple t) {
            double[] a = new double[t.items().size()];
            for (int i = 0; i < a.length; i++) {
                Object o = t.items().get(i);
                // None inside a tuple (Adafactor's eps=(None, 1e-3)) is stored as NaN
                a[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
            }
            return a;
        }
        if (specValue instanceof Number n) {
            return n.doubleValue();
        }
        return specValue;
    }

    /**
     * {@code given} checked against the keys of {@code template} and converted to the stored
     * types.
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

    /**
     * {@code value} converted to the type of {@code like} (a stored default), or a clear error. A
     * None default ({@code like == null}) accepts None, a flag, a number or a string; the
     * optimizer's checks decide which.
     */
    static Object convert(String where, String key, Object value, Object like) {
        if (like == null) {
            if (value == null || value instanceof Boolean || value instanceof String) {
                return value;
            }
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            throw typeError(where, key, "None, a flag, a number or a string", value);
        }
        if (like instanceof Boolean) {
            if (value instanceof Boolean) {
                return value;
            }
            throw typeError(where, key, "true or false", value);
        }
        if (like instanceof String) {
            if (value instanceof String) {
                return value;
            }
            throw typeError(where, key, "a string", value);
        }
        if (like instanceof double[] template) {
            double[] a = doubles(value);
            if (a == null || a.length != template.length) {
                throw typeError(where, key, template.length == 2 ? "a pair of numbers, e.g. double[]{0.9, 0.999}"
                        : template.length + " numbers", value);
            }
            return a;
        }
        if (value instanceof Number n && !(value instanceof Boolean)) {
            return n.doubleValue();
        }
        if (value == null) {
            return null; // Python's None; the optimizer's checks refuse it where a number is required
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
        Collection<?> c = value instanceof Collection<?> col ? col : value instanceof Object[] arr ? List.of(arr)
                : value instanceof SpecTuple t ? t.items() : null;
        if (c == null) {
            return null;
        }
        double[] a = new double[c.size()];
        int i = 0;
        for (Object o : c) {
            if (o == null) {
                a[i++] = Double.NaN;
            } else if (o instanceof Number n) {
                a[i++] = n.doubleValue();
            } else {
                return null;
            }
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
     * The checks every optimizer shares: {@code lr >= 0} (PyTorch's "Invalid learning rate") and
     * {@code foreach} None or a flag.
     */
    static void checkCommon(String where, Map<String, Object> o) {
        if (o.containsKey("lr")) {
            nonNegative(where, o, "lr", "learning rate");
        }
        Object f = o.get(FOREACH);
        if (f != null && !(f instanceof Boolean)) {
            throw new IllegalArgumentException(where + ": option 'foreach' expected None, true or false, got " + f);
        }
        if (Boolean.TRUE.equals(o.get(DIFFERENTIABLE))) {
            throw new IllegalArgumentException(where + ": option 'differentiable': true (autograd through the"
                    + " optimizer step) is not supported; the step runs without autograd, as with"
                    + " differentiable=False (the default)");
        }
    }

    /** Throws unless {@code options[key] >= 0} (NaN fails), with PyTorch's wording. */
    static void nonNegative(String where, Map<String, Object> options, String key, String what) {
        double v = number(options, key);
        if (!(v >= 0.0)) {
            throw new IllegalArgumentException(where + ": invalid " + what + ": " + key + " must be >= 0, got " + v);
        }
    }

    /** Throws unless {@code options[key] > 0} (NaN fails), with PyTorch's wording. */
    static void positive(String where, Map<String, Object> options, String key, String what) {
        double v = number(options, key);
        if (!(v > 0.0)) {
            throw new IllegalArgumentException(where + ": invalid " + what + ": " + key + " must be > 0, got " + v);
        }
    }

    /** Throws unless {@code lo <= options[key] <= hi} (NaN fails). */
    static void inRange(String where, Map<String, Object> options, String key, String what, double lo, double hi) {
        double v = number(options, key);
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(where + ": invalid " + what + ": " + key + " must be in [" + lo + ", "
                    + hi + "], got " + v);
        }
    }

    /** Throws unless both betas are in [0, 1) (PyTorch's "Invalid beta parameter at index i"). */
    static void betas(String where, Map<String, Object> options) {
        double[] b = (double[]) options.get("betas");
        for (int i = 0; i < 2; i++) {
            if (!(b[i] >= 0.0 && b[i] < 1.0)) {
                throw new IllegalArgumentException(where + ": invalid beta parameter at index " + i + ": betas[" + i
                        + "] must be in [0, 1), got " + b[i]);
            }
        }
    }

    /**
     * The number stored under {@code key}.
     *
     * @throws IllegalArgumentException when it is None
     */
    static double number(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("option '" + key + "': expected a number, got None");
        }
        return n.doubleValue();
    }

    /** A deep copy of an options map (double[] values cloned). */
    static Map<String, Object> copy(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, v instanceof double[] a ? a.clone() : v));
        return out;
    }
}
