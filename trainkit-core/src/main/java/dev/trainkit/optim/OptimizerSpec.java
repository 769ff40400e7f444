package dev.trainkit.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and checked optimizer spec such as {@code AdamW(lr=1e-3, weight_decay=0.05)}: the
 * optimizer's PyTorch name and the options the spec sets. Pure Java: building one loads no
 * native library, so pure-Java stand-ins (the schedule simulator) share
 * {@link Optimizers#parse(String)} with {@link Optimizers#create(String, java.util.Collection)}.
 *
 * <pre>{@code
 * OptimizerSpec s = Optimizers.parse("SGD(0.1, 0.9, nesterov=True)");
 * s.name();       // "SGD"
 * s.overrides();  // {lr=0.1, momentum=0.9, nesterov=true}
 * s.options();    // PyTorch's defaults with those set: {lr=0.1, momentum=0.9, dampening=0.0, ...}
 * }</pre>
 *
 * <p>PyTorch equivalent: the keyword arguments of {@code torch.optim.SGD(params, 0.1, 0.9, nesterov=True)}.
 *
 * @param name      the exact PyTorch name (one of {@link Optimizers#names()})
 * @param overrides the options the spec sets, in the stored types (Double, Boolean, {@code double[]} tuples such as betas, String)
 */
public record OptimizerSpec(String name, Map<String, Object> overrides) {
    /** Freezes the overrides. */
    public OptimizerSpec {
        Objects.requireNonNull(name, "name");
        overrides = Collections.unmodifiableMap(OptimizerOptions.copy(new LinkedHashMap<>(overrides)));
    }

    /** A fresh mutable map of PyTorch's defaults for {@link #name()} with the overrides set. */
    public Map<String, Object> options() {
        Map<String, Object> o = Optimizers.defaults(name);
        o.putAll(OptimizerOptions.copy(overrides));
        return o;
    }
}
