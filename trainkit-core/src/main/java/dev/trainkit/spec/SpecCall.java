package dev.trainkit.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A parsed spec string: a Python-style call {@code Name(pos, ..., kw=value, ...)}.
 *
 * <p>Values are {@link Long} (integers), {@link Double} (floats), {@link Boolean}, {@code null}
 * ({@code None}), {@link String}, {@link List} ({@code [...]}), {@link SpecTuple}
 * ({@code (...)}) and nested {@code SpecCall}s. Keyword arguments keep their source order.
 *
 * <pre>{@code
 * SpecCall c = SpecParser.parse("StepLR(step_size=30, gamma=0.1)");
 * c.name();                    // "StepLR"
 * c.kwargs().get("step_size"); // 30L
 * }</pre>
 *
 * <p>PyTorch equivalent: the Python expression {@code StepLR(step_size=30, gamma=0.1)}.
 *
 * @param name   the called name
 * @param args   positional arguments, read-only
 * @param kwargs keyword arguments in source order
 */
public record SpecCall(String name, List<Object> args, LinkedHashMap<String, Object> kwargs) {
    /** Validates and freezes the positional list; {@code kwargs} is copied. */
    public SpecCall {
        Objects.requireNonNull(name, "name");
        args = Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(args, "args")));
        kwargs = new LinkedHashMap<>(Objects.requireNonNull(kwargs, "kwargs"));
    }

    /** A call without arguments, as the bare spec {@code Name}. */
    public static SpecCall of(String name) {
        return new SpecCall(name, List.of(), new LinkedHashMap<>());
    }

    /** Renders back to spec syntax (round-trips through {@link SpecParser#parse}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('(');
        String sep = "";
        for (Object a : args) {
            sb.append(sep).append(SpecValues.render(a));
            sep = ", ";
        }
        for (var e : kwargs.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(SpecValues.render(e.getValue()));
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
