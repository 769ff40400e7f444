package dev.trainkit.optim;

import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The specification of one parameter group given to an optimizer's constructor or to
 * {@link Optimizer#addParamGroup}: its parameters plus option overrides. Options not set here
 * are filled from the optimizer's defaults (its keyword arguments).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(List.of(
 *         ParamGroupSpec.of(model.child("base").parameters()),
 *         ParamGroupSpec.of(model.child("classifier").parameters()).with("lr", 1e-3)),
 *     Map.of("lr", 1e-2, "momentum", 0.9));
 * }</pre>
 * PyTorch: {@code SGD([{'params': base.parameters()},
 * {'params': classifier.parameters(), 'lr': 1e-3}], lr=1e-2, momentum=0.9)}.
 *
 * <p>Instances are immutable; {@link #with} returns a new spec.
 */
public final class ParamGroupSpec {
    private final List<Tensor> params;
    private final Map<String, Object> options;

    private ParamGroupSpec(List<Tensor> params, Map<String, Object> options) {
        this.params = params;
        this.options = options;
    }

    /** A group of {@code params} (kept in order) with no overrides. */
    public static ParamGroupSpec of(Collection<? extends Tensor> params) {
        Objects.requireNonNull(params, "params");
        return new ParamGroupSpec(Collections.unmodifiableList(new ArrayList<>(params)), Map.of());
    }

    /** A group of the given parameters with no overrides. */
    public static ParamGroupSpec of(Tensor... params) {
        return of(Arrays.asList(params));
    }

    /**
     * This group with option {@code key} (a PyTorch option name such as {@code "lr"} or
     * {@code "betas"}) set to {@code value}; the optimizer checks names and values.
     */
    public ParamGroupSpec with(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new ParamGroupSpec(params, Collections.unmodifiableMap(o));
    }

    /** This group with every option of {@code overrides} set. */
    public ParamGroupSpec with(Map<String, ?> overrides) {
        ParamGroupSpec s = this;
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** The parameters, read-only. */
    public List<Tensor> params() {
        return params;
    }

    /** The option overrides, read-only. */
    public Map<String, Object> options() {
        return options;
    }

    @Override
    public String toString() {
        return "ParamGroupSpec" + options + " (" + params.size() + " params)";
    }
}
