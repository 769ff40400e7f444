package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.OptimizerSpec;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.SpecException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pure-Java stand-in for an optimizer: parameter groups with PyTorch's default options and no
 * parameters, so schedules can be simulated (by {@code trainkit schedule}, tests, plots) without
 * loading libtorch. Built from an optimizer spec parsed and checked by
 * {@link Optimizers#parse(String)}, the same path as {@link Optimizers#create(String, java.util.Collection)},
 * with the defaults of {@link Optimizers#defaults(String)} (PyTorch 2.x's), for every optimizer of
 * {@link Optimizers#names()}.
 *
 * <pre>{@code
 * SimulatedOptimizer opt = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
 * LRScheduler s = Schedulers.create("StepLR(step_size=3)", opt);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)}.
 */
public final class SimulatedOptimizer implements HasParamGroups {
    /** Supported optimizer names (those of {@link Optimizers#names()}). */
    public static final List<String> NAMES = Optimizers.names();

    private final String name;
    private final List<ParamGroup<Object>> groups = new ArrayList<>();

    private SimulatedOptimizer(String name) {
        this.name = name;
    }

    /** One group from {@code spec}, with lr {@code lr} (overriding any lr in the spec). */
    public static SimulatedOptimizer create(String spec, double lr) {
        return withGroups(spec, lr);
    }

    /** One group from {@code spec} using the spec's lr or PyTorch's default lr. */
    public static SimulatedOptimizer create(String spec) {
        return withGroups(spec);
    }

    /**
     * One group per lr in {@code lrs} (all with the spec's other options); with no lrs, one
     * group with the spec's or the default lr.
     *
     * @throws SpecException for an unknown optimizer or option, or a bad value
     */
    public static SimulatedOptimizer withGroups(String spec, double... lrs) {
        OptimizerSpec parsed = Optimizers.parse(spec);
        Map<String, Object> defaults = parsed.options();
        SimulatedOptimizer opt = new SimulatedOptimizer(parsed.name());
        double[] groupLrs = lrs.length == 0 ? new double[]{(Double) defaults.get("lr")} : lrs;
        for (double lr : groupLrs) {
            if (!(lr >= 0)) {
                throw new IllegalArgumentException("lr: Invalid learning rate: " + lr + " (expected >= 0)");
            }
            Map<String, Object> options = new LinkedHashMap<>(defaults);
            options.put("lr", lr);
            if (options.get("betas") instanceof double[] b) {
                options.put("betas", b.clone());
            }
            opt.groups.add(new ParamGroup<>(List.of(), options));
        }
        return opt;
    }

    /** The optimizer name (e.g. {@code "SGD"}). */
    public String name() {
        return name;
    }

    @Override
    public List<ParamGroup<Object>> paramGroups() {
        return groups;
    }

    /**
     * The momentum of group {@code i} as the optimizer would use it: {@code momentum}, or
     * {@code betas[0]} for Adam-like optimizers, or {@code null} if it has neither (Adagrad).
     */
    public Double momentum(int i) {
        ParamGroup<Object> g = groups.get(i);
        if (g.has("momentum")) {
            return g.getDouble("momentum");
        }
        if (g.has("betas")) {
            return g.getDoubles("betas")[0];
        }
        return null;
    }

    @Override
    public String toString() {
        return name + groups;
    }
}
