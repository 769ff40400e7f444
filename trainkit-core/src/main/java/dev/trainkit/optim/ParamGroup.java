package dev.trainkit.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One parameter group of an optimizer: its parameters and its options ({@code lr},
 * {@code momentum}, {@code betas}, {@code weight_decay}, ...), as PyTorch's
 * {@code optimizer.param_groups[i]} dictionary.
 *
 * <p>This is the interface learning-rate schedulers drive. It is pure Java: schedulers and the
 * {@code trainkit schedule} simulation never touch native code through it. Option keys are
 * PyTorch's ({@code "lr"}, {@code "initial_lr"}, {@code "betas"}); scalar options are stored as
 * {@link Double}, {@code betas} as a {@code double[2]}.
 *
 * <pre>{@code
 * ParamGroup g = optimizer.paramGroups().get(0);
 * g.setLr(g.lr() * 0.1);          // PyTorch: param_group["lr"] *= 0.1
 * }</pre>
 *
 * @param <P> the parameter type (a {@code Tensor} for real optimizers)
 */
public final class ParamGroup<P> {
    private final List<P> params;
    private final Map<String, Object> options;

    /** Creates a group of {@code params} with {@code options} (copied). */
    public ParamGroup(List<P> params, Map<String, ?> options) {
        this.params = new ArrayList<>(Objects.requireNonNull(params, "params"));
        this.options = new LinkedHashMap<>(Objects.requireNonNull(options, "options"));
    }

    /** The parameters of this group, read-only. */
    public List<P> params() {
        return Collections.unmodifiableList(params);
    }

    /** The learning rate, PyTorch's {@code group["lr"]}. */
    public double lr() {
        return getDouble("lr");
    }

    /** Sets the learning rate, PyTorch's {@code group["lr"] = lr}. */
    public void setLr(double lr) {
        options.put("lr", lr);
    }

    /** Whether this group has option {@code key}. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** The raw value of option {@code key}, or {@code null} if absent. */
    public Object get(String key) {
        return options.get(key);
    }

    /** Sets option {@code key}. Numbers are stored as {@link Double}. */
    public void set(String key, Object value) {
        if (value instanceof Number n && !(value instanceof Double)) {
            value = n.doubleValue();
        }
        options.put(key, value);
    }

    /** Removes option {@code key} if present. */
    public void remove(String key) {
        options.remove(key);
    }

    /**
     * Option {@code key} as a double.
     *
     * @throws IllegalArgumentException if absent or not a number
     */
    public double getDouble(String key) {
        Object v = options.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("param group option '" + key + "': expected a number, got "
                + (v == null ? "nothing (absent; present: " + options.keySet() + ")" : v.getClass().getSimpleName()));
    }

    /**
     * Option {@code key} as a double array (e.g. {@code betas}).
     *
     * @throws IllegalArgumentException if absent or not a double array
     */
    public double[] getDoubles(String key) {
        Object v = options.get(key);
        if (v instanceof double[] a) {
            return a.clone();
        }
        throw new IllegalArgumentException("param group option '" + key + "': expected a double[], got "
                + (v == null ? "nothing (absent; present: " + options.keySet() + ")" : v.getClass().getSimpleName()));
    }

    /** A read-only view of all options. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " (" + params.size() + " params)";
    }
}
