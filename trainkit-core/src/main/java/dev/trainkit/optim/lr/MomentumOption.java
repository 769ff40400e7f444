package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Momentum cycling support shared by CyclicLR and OneCycleLR (package-private). */
final class MomentumOption {
    private MomentumOption() {
    }

    /**
     * Whether to cycle {@code betas[0]} (Adam-like) rather than {@code momentum}; PyTorch looks at
     * {@code optimizer.defaults}, we look at the first group's options.
     */
    static boolean useBeta1(String who, HasParamGroups optimizer) {
        ParamGroup<?> g = optimizer.paramGroups().get(0);
        if (!g.has("momentum") && !g.has("betas")) {
            throw new IllegalArgumentException("cycle_momentum: " + who + " needs an optimizer that supports momentum "
                    + "or beta1 with the `cycle_momentum` option enabled, but the param group has neither "
                    + "(options: " + g.options().keySet() + "); pass cycle_momentum=False");
        }
        return g.has("betas");
    }

    static void set(ParamGroup<?> g, double value, boolean useBeta1) {
        if (useBeta1) {
            double[] betas = g.getDoubles("betas");
            betas[0] = value;
            g.set("betas", betas);
        } else {
            g.set("momentum", value);
        }
    }

    /** PyTorch's {@code _format_param}: one value for all groups, or exactly one per group. */
    static List<Double> format(String name, HasParamGroups optimizer, List<Double> values) {
        int n = optimizer.paramGroups().size();
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected a number or a list of " + n + " numbers, got " + values);
        }
        if (values.size() == 1 && n != 1) {
            return new ArrayList<>(Collections.nCopies(n, values.get(0)));
        }
        if (values.size() != n) {
            throw new IllegalArgumentException(name + " must have the same length as optimizer.param_groups. " + name
                    + " has " + values.size() + " values, param_groups has " + n + ".");
        }
        return new ArrayList<>(values);
    }
}
