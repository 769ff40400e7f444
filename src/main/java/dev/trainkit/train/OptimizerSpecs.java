package dev.trainkit.train;

import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.spec.SpecTuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an optimizer from a spec string such as {@code AdamW(lr=1e-3, weight_decay=0.05)}
 * (DESIGN.md §5) over given parameters: {@code torch.optim.AdamW(params, lr=1e-3, weight_decay=0.05)}.
 * A thin adapter over {@link Optimizers#create(String, Map, Collection)}; tuples such as
 * {@code betas=(0.9, 0.99)} become lists.
 *
 * <pre>{@code
 * Optimizer opt = OptimizerSpecs.create("SGD(lr=0.1, momentum=0.9)", model.parameters());
 * }</pre>
 */
public final class OptimizerSpecs {
    private OptimizerSpecs() {
    }

    /** The optimizer named by {@code spec} over {@code params}. */
    public static Optimizer create(String spec, Collection<Parameter> params) {
        SpecCall call = SpecParser.parse(spec);
        if (!call.args().isEmpty()) {
            throw new IllegalArgumentException("optimizer spec '" + spec + "': use keyword arguments only, e.g. "
                    + call.name() + "(lr=0.01)");
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        call.kwargs().forEach((k, v) -> kwargs.put(k, plain(v)));
        return Optimizers.create(call.name(), kwargs, params);
    }

    private static Object plain(Object v) {
        if (v instanceof SpecTuple t) {
            return plain(t.items());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(plain(o));
            }
            return out;
        }
        return v;
    }
}
