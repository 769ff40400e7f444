package dev.trainkit.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SpecCall} bound to a parameter list in PyTorch's order, with typed getters.
 * Positional arguments take the names of the parameters in order; unknown keywords, too many
 * positional arguments and a parameter given twice are errors naming the valid parameters.
 *
 * <pre>{@code
 * SpecArgs a = SpecArgs.bind(SpecParser.parse("StepLR(30, gamma=0.5)"), List.of("step_size", "gamma", "last_epoch"));
 * int stepSize = a.getInt("step_size");        // 30 (required)
 * double gamma = a.getDouble("gamma", 0.1);     // 0.5
 * }</pre>
 *
 * <p>PyTorch equivalent: Python's binding of call arguments to a function's signature.
 * An explicit {@code None} counts as "not given" for the getters that take a default.
 */
public final class SpecArgs {
    private final String callName;
    private final List<String> params;
    private final Map<String, Object> values;
    /** Defaults from a {@link Signature}: what the getters return for a parameter not given. */
    private final Map<String, Object> defaults;

    private SpecArgs(String callName, List<String> params, Map<String, Object> values, Map<String, Object> defaults) {
        this.callName = callName;
        this.params = params;
        this.values = values;
        this.defaults = defaults;
    }

    /**
     * These arguments with {@code defaults} behind them: a getter of a parameter that was not
     * given (or given as None where the default is not None) returns the default.
     */
    SpecArgs withDefaults(Map<String, Object> defaults) {
        return new SpecArgs(callName, params, values, Collections.unmodifiableMap(new LinkedHashMap<>(defaults)));
    }

    /**
     * Binds {@code call} to {@code params} (PyTorch's parameter names in signature order).
     *
     * @throws SpecException on unknown keywords, too many positional arguments or duplicates
     */
    public static SpecArgs bind(SpecCall call, List<String> params) {
        return bind(call, params, List.of());
    }

    /**
     * Binds {@code call} to a signature with keyword-only parameters, as Python's
     * {@code def f(a, b, *, c)}: positional arguments fill {@code positional} in order;
     * {@code keywordOnly} parameters can only be given by keyword.
     *
     * @throws SpecException on unknown keywords, too many positional arguments or duplicates
     */
    public static SpecArgs bind(SpecCall call, List<String> positional, List<String> keywordOnly) {
        List<String> pos = List.copyOf(positional);
        List<String> ps = new ArrayList<>(pos);
        ps.addAll(keywordOnly);
        ps = List.copyOf(ps);
        Map<String, Object> values = new LinkedHashMap<>();
        if (call.args().size() > pos.size()) {
            throw new SpecException(pos.isEmpty()
                    ? call.name() + ": takes no positional arguments; give them by keyword: " + String.join(", ", ps)
                    : call.name() + ": takes at most " + pos.size() + " positional arguments " + pos + ", got "
                            + call.args().size() + (keywordOnly.isEmpty() ? "" : " (keyword-only: "
                            + String.join(", ", keywordOnly) + ")"));
        }
        for (int i = 0; i < call.args().size(); i++) {
            values.put(pos.get(i), call.args().get(i));
        }
        for (var e : call.kwargs().entrySet()) {
            String k = e.getKey();
            if (!ps.contains(k)) {
                throw new SpecException(call.name() + ": unknown argument '" + k + "'"
                        + NameSuggester.didYouMean(k, ps) + "; valid arguments: " + String.join(", ", ps));
            }
            if (values.containsKey(k)) {
                throw new SpecException(call.name() + ": got multiple values for argument '" + k + "'");
            }
            values.put(k, e.getValue());
        }
        return new SpecArgs(call.name(), ps, values, Map.of());
    }

    /** The name of the bound call. */
    public String callName() {
        return callName;
    }

    /** The parameter names, in order. */
    public List<String> params() {
        return params;
    }

    /** Whether {@code name} was given (possibly as {@code None}). */
    public boolean has(String name) {
        checkParam(name);
        return values.containsKey(name);
    }

    /** Whether {@code name} was given with a value other than {@code None}. */
    public boolean hasValue(String name) {
        return has(name) && values.get(name) != null;
    }

    /** Whether {@code name} has a value: given and not None, or a non-None signature default. */
    private boolean resolvable(String name) {
        return hasValue(name) || defaults.get(name) != null;
    }

    /** The raw value of {@code name}: as given, else its signature default, else {@code null}. */
    public Object get(String name) {
        checkParam(name);
        Object v = values.get(name);
        return v != null ? v : defaults.get(name);
    }

    /**
     * Checks that every one of {@code names} was given with a non-None value.
     *
     * @throws SpecException naming the first missing one
     */
    public SpecArgs required(String... names) {
        for (String n : names) {
            if (!resolvable(n)) {
                throw new SpecException(callName + ": missing required argument '" + n + "'");
            }
        }
        return this;
    }

    /** Required float argument; integers are accepted. */
    public double getDouble(String name) {
        required(name);
        return toDouble(name, get(name));
    }

    /** Float argument or {@code def} when absent or None; integers are accepted. */
    public double getDouble(String name, double def) {
        return hasValue(name) ? toDouble(name, values.get(name)) : def;
    }

    /** Required integer argument; {@code 1.5} is rejected, {@code 2.0} too (as PyTorch's int checks). */
    public long getLong(String name) {
        required(name);
        return toLong(name, get(name));
    }

    /** Integer argument or {@code def} when absent or None. */
    public long getLong(String name, long def) {
        return hasValue(name) ? toLong(name, values.get(name)) : def;
    }

    /** Required integer argument that fits an {@code int}. */
    public int getInt(String name) {
        return toInt(name, getLong(name));
    }

    /** Integer argument that fits an {@code int}, or {@code def} when absent or None. */
    public int getInt(String name, int def) {
        return hasValue(name) ? toInt(name, getLong(name)) : def;
    }

    /** Required boolean argument (or its signature default). */
    public boolean getBool(String name) {
        required(name);
        Object v = get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw typeError(name, "a bool (True/False)", v);
    }

    /** Boolean argument or {@code def} when absent or None. */
    public boolean getBool(String name, boolean def) {
        if (!hasValue(name)) {
            return def;
        }
        Object v = values.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw typeError(name, "a bool (True/False)", v);
    }

    /** Required string argument (or its signature default). */
    public String getString(String name) {
        required(name);
        Object v = get(name);
        if (v instanceof String str) {
            return str;
        }
        throw typeError(name, "a quoted string", v);
    }

    /** String argument or {@code def} when absent or None. */
    public String getString(String name, String def) {
        if (!hasValue(name)) {
            return def;
        }
        Object v = values.get(name);
        if (v instanceof String s) {
            return s;
        }
        throw typeError(name, "a quoted string", v);
    }

    /**
     * A list of floats: a list or tuple of numbers, or a single number (one-element list).
     * Returns {@code null} when absent or None.
     */
    public List<Double> getDoubleList(String name) {
        if (!resolvable(name)) {
            return null;
        }
        Object v = get(name);
        List<Double> out = new ArrayList<>();
        if (v instanceof Number) {
            out.add(toDouble(name, v));
            return out;
        }
        for (Object item : asList(name, v, "a number or a list of numbers")) {
            if (!(item instanceof Number)) {
                throw typeError(name, "a list of numbers", v);
            }
            out.add(toDouble(name, item));
        }
        return out;
    }

    /** A list of integers (list or tuple, or a single integer); {@code null} when absent or None. */
    public List<Long> getLongList(String name) {
        if (!resolvable(name)) {
            return null;
        }
        Object v = get(name);
        List<Long> out = new ArrayList<>();
        if (v instanceof Number) {
            out.add(toLong(name, v));
            return out;
        }
        for (Object item : asList(name, v, "an integer or a list of integers")) {
            out.add(toLong(name, item));
        }
        return out;
    }

    /** A nested call argument, e.g. {@code scheduler=StepLR(step_size=3)}; {@code null} when absent. */
    public SpecCall getCall(String name) {
        if (!resolvable(name)) {
            return null;
        }
        Object v = get(name);
        if (v instanceof SpecCall c) {
            return c;
        }
        throw typeError(name, "a call like Name(...)", v);
    }

    /** A list (or tuple) of nested calls; {@code null} when absent or None. */
    public List<SpecCall> getCallList(String name) {
        if (!resolvable(name)) {
            return null;
        }
        Object v = get(name);
        List<SpecCall> out = new ArrayList<>();
        for (Object item : asList(name, v, "a list of calls like [Name(...), ...]")) {
            if (!(item instanceof SpecCall c)) {
                throw typeError(name, "a list of calls like [Name(...), ...]", v);
            }
            out.add(c);
        }
        return Collections.unmodifiableList(out);
    }

    private List<?> asList(String name, Object v, String expected) {
        if (v instanceof SpecTuple t) {
            return t.items();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw typeError(name, expected, v);
    }

    private double toDouble(String name, Object v) {
        if (v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        throw typeError(name, "a number", v);
    }

    private long toLong(String name, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        throw typeError(name, "an integer", v);
    }

    private int toInt(String name, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SpecException(callName + ": argument '" + name + "': expected an integer in the int range, got " + v);
        }
        return (int) v;
    }

    private void checkParam(String name) {
        if (!params.contains(name)) {
            throw new IllegalArgumentException(callName + ": '" + name + "' is not a parameter; parameters: " + params);
        }
    }

    private SpecException typeError(String name, String expected, Object got) {
        return new SpecException(callName + ": argument '" + name + "': expected " + expected + ", got "
                + SpecValues.describe(got));
    }

    @Override
    public String toString() {
        return callName + values;
    }
}
