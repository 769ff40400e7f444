package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pure-Java stand-in for an optimizer: parameter groups with PyTorch's default options and no
 * parameters, so schedules can be simulated (by {@code trainkit schedule}, tests, plots) without
 * loading libtorch. Built from an optimizer spec: {@code SGD} (default options
 * {@code momentum=0, dampening=0, weight_decay=0, nesterov=False}), {@code Adam} / {@code AdamW}
 * ({@code betas=(0.9, 0.999)}, {@code eps=1e-8}, AdamW {@code weight_decay=0.01}),
 * {@code RMSprop} ({@code alpha=0.99}, {@code momentum=0}, ...), {@code Adagrad}
 * ({@code lr_decay=0}, {@code eps=1e-10}, ...). Default lrs are PyTorch 2.x's.
 *
 * <pre>{@code
 * SimulatedOptimizer opt = SimulatedOptimizer.create("SGD(momentum=0.9)", 0.1);
 * LRScheduler s = Schedulers.create("StepLR(step_size=3)", opt);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)}.
 */
public final class SimulatedOptimizer implements HasParamGroups {
    /** Supported optimizer names. */
    public static final List<String> NAMES = List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad");

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
        SpecCall call = SpecParser.parse(spec);
        Map<String, Object> defaults = new LinkedHashMap<>();
        List<String> params;
        switch (call.name()) {
            case "SGD" -> {
                params = List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");
                defaults.put("lr", 1e-3);
                defaults.put("momentum", 0.0);
                defaults.put("dampening", 0.0);
                defaults.put("weight_decay", 0.0);
                defaults.put("nesterov", false);
            }
            case "Adam", "AdamW" -> {
                params = List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");
                defaults.put("lr", 1e-3);
                defaults.put("betas", new double[]{0.9, 0.999});
                defaults.put("eps", 1e-8);
                defaults.put("weight_decay", call.name().equals("AdamW") ? 1e-2 : 0.0);
                defaults.put("amsgrad", false);
            }
            case "RMSprop" -> {
                params = List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize");
                defaults.put("lr", 1e-2);
                defaults.put("alpha", 0.99);
                defaults.put("eps", 1e-8);
                defaults.put("weight_decay", 0.0);
                defaults.put("momentum", 0.0);
                defaults.put("centered", false);
            }
            case "Adagrad" -> {
                params = List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize");
                defaults.put("lr", 1e-2);
                defaults.put("lr_decay", 0.0);
                defaults.put("weight_decay", 0.0);
                defaults.put("initial_accumulator_value", 0.0);
                defaults.put("eps", 1e-10);
            }
            default -> throw new SpecException("optimizer: unknown optimizer '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), NAMES) + "; valid optimizers: " + String.join(", ", NAMES));
        }
        defaults.put("maximize", false);
        SpecArgs a = SpecArgs.bind(call, params);
        for (String p : params) {
            if (!a.hasValue(p)) {
                continue;
            }
            Object d = defaults.get(p);
            if (d instanceof Boolean) {
                defaults.put(p, a.getBool(p, false));
            } else if (d instanceof double[]) {
                List<Double> betas = a.getDoubleList(p);
                if (betas.size() != 2) {
                    throw new SpecException(call.name() + ": argument 'betas': expected 2 numbers (beta1, beta2), got " + betas);
                }
                defaults.put(p, new double[]{betas.get(0), betas.get(1)});
            } else {
                defaults.put(p, a.getDouble(p));
            }
        }
        if (call.name().equals("SGD") && (Boolean) defaults.get("nesterov")
                && ((Double) defaults.get("momentum") <= 0 || (Double) defaults.get("dampening") != 0)) {
            throw new SpecException("SGD: nesterov=True requires a momentum > 0 and zero dampening, got momentum="
                    + defaults.get("momentum") + ", dampening=" + defaults.get("dampening"));
        }
        SimulatedOptimizer opt = new SimulatedOptimizer(call.name());
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
