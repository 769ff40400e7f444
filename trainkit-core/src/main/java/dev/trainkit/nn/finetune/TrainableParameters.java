package dev.trainkit.nn.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many parameter elements a model has and how many of them train ({@code requires_grad}),
 * overall and per top-level child: what fine-tuning code prints after freezing.
 *
 * <pre>{@code
 * TrainableParameters c = Freezer.counts(model);
 * c.trainable();   // sum(p.numel() for p in model.parameters() if p.requires_grad)
 * System.out.println(c);   // a table by top-level module
 * }</pre>
 *
 * @param total all parameter elements
 * @param trainable elements of parameters that require grad
 * @param byChild per top-level child (in order): {total, trainable}
 */
public record TrainableParameters(long total, long trainable, Map<String, long[]> byChild) {

    /** Copies {@code byChild}. */
    public TrainableParameters {
        Map<String, long[]> copy = new LinkedHashMap<>();
        byChild.forEach((k, v) -> copy.put(k, v.clone()));
        byChild = Collections.unmodifiableMap(copy);
    }

    /** Counts {@code model}'s parameters now. */
    public static TrainableParameters of(Module model) {
        long total = 0;
        long trainable = 0;
        Map<String, long[]> by = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String name = e.getKey();
            int dot = name.indexOf('.');
            String child = dot < 0 ? "(own)" : name.substring(0, dot);
            long n = e.getValue().numel();
            boolean t = e.getValue().requiresGrad();
            total += n;
            long[] c = by.computeIfAbsent(child, k -> new long[2]);
            c[0] += n;
            if (t) {
                trainable += n;
                c[1] += n;
            }
        }
        return new TrainableParameters(total, trainable, by);
    }

    /** Elements of frozen parameters. */
    public long frozen() {
        return total - trainable;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-24s %14s %14s%n", "module", "params", "trainable"));
        byChild.forEach((k, v) -> sb.append(String.format("%-24s %,14d %,14d%n", k, v[0], v[1])));
        sb.append(String.format("%-24s %,14d %,14d", "total", total, trainable));
        return sb.toString();
    }
}
