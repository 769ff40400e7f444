package dev.trainkit.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A component's call signature, stated once: its PyTorch name, positional parameters in
 * PyTorch's order, keyword-only parameters, and the default of every parameter that has one.
 * Spec strings are bound against it ({@link #bind(SpecCall)}), the CLI lists it, and "did you
 * mean" suggestions come from it.
 *
 * <pre>{@code
 * Signature s = Signature.of("StepLR").required("step_size").param("gamma", 0.1).param("last_epoch", -1L).build();
 * SpecArgs a = s.bind(SpecParser.parse("StepLR(30)"));
 * a.getDouble("gamma");   // 0.1, the default
 * s.toString();           // StepLR(step_size, gamma=0.1, last_epoch=-1)
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code inspect.signature(torch.optim.lr_scheduler.StepLR)}.
 *
 * @param name        the PyTorch name
 * @param positional  parameters that may be given by position, in order
 * @param keywordOnly parameters that may only be given by keyword (after Python's {@code *})
 * @param defaults    default values by parameter; a parameter absent here is required; a
 *                    {@code null} value is Python's {@code None}
 */
public record Signature(String name, List<String> positional, List<String> keywordOnly, Map<String, Object> defaults) {
    /** Copies the lists and freezes the defaults; every default must name a parameter. */
    public Signature {
        Objects.requireNonNull(name, "name");
        positional = List.copyOf(positional);
        keywordOnly = List.copyOf(keywordOnly);
        Map<String, Object> d = new LinkedHashMap<>();
        defaults.forEach((k, v) -> d.put(k, specValue(v)));
        defaults = Collections.unmodifiableMap(d);
        for (String k : defaults.keySet()) {
            if (!positional.contains(k) && !keywordOnly.contains(k)) {
                throw new IllegalArgumentException(name + ": default for '" + k + "', which is not a parameter");
            }
        }
    }

    /** Java's int and float defaults as the parser's Long and Double, so getters accept them. */
    private static Object specValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    /** Starts a signature for {@code name}. */
    public static Builder of(String name) {
        return new Builder(name);
    }

    /** Every parameter, positional first. */
    public List<String> parameters() {
        List<String> all = new ArrayList<>(positional);
        all.addAll(keywordOnly);
        return all;
    }

    /** Whether {@code parameter} has a default (possibly None). */
    public boolean hasDefault(String parameter) {
        return defaults.containsKey(parameter);
    }

    /**
     * Binds {@code call} to this signature; getters of the result fall back to the defaults.
     *
     * @throws SpecException when the call names another component, has unknown keywords (with
     *     the closest valid one), too many positional arguments or one argument twice
     */
    public SpecArgs bind(SpecCall call) {
        if (!call.name().equals(name)) {
            throw new SpecException("expected a call of " + name + ", got " + call.name());
        }
        return SpecArgs.bind(call, positional, keywordOnly).withDefaults(defaults);
    }

    /** Python's rendering: {@code Name(a, b=1, *, c=False)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('(');
        List<String> parts = new ArrayList<>();
        for (String p : positional) {
            parts.add(render(p));
        }
        if (!keywordOnly.isEmpty()) {
            parts.add("*");
            for (String p : keywordOnly) {
                parts.add(render(p));
            }
        }
        return sb.append(String.join(", ", parts)).append(')').toString();
    }

    private String render(String p) {
        return defaults.containsKey(p) ? p + "=" + SpecValues.render(defaults.get(p)) : p;
    }

    /** Builds a {@link Signature} parameter by parameter, in PyTorch's order. */
    public static final class Builder {
        private final String name;
        private final List<String> positional = new ArrayList<>();
        private final List<String> keywordOnly = new ArrayList<>();
        private final Map<String, Object> defaults = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** A positional parameter without default. */
        public Builder required(String parameter) {
            positional.add(parameter);
            return this;
        }

        /** A positional parameter with a default ({@code null} = None). */
        public Builder param(String parameter, Object defaultValue) {
            positional.add(parameter);
            defaults.put(parameter, defaultValue);
            return this;
        }

        /** A keyword-only parameter with a default ({@code null} = None). */
        public Builder keywordOnly(String parameter, Object defaultValue) {
            keywordOnly.add(parameter);
            defaults.put(parameter, defaultValue);
            return this;
        }

        /** A keyword-only parameter without default. */
        public Builder keywordOnlyRequired(String parameter) {
            keywordOnly.add(parameter);
            return this;
        }

        /** The signature. */
        public Signature build() {
            return new Signature(name, positional, keywordOnly, defaults);
        }
    }
}
