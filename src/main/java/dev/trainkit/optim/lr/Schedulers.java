package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * Builds schedulers from spec strings with PyTorch's class and keyword names (DESIGN.md §5).
 * Nested schedulers ({@code SequentialLR}, {@code ChainedScheduler}, {@code WarmupLR}) are built
 * on the same optimizer, in source order, as the equivalent Python would. {@code lr_lambda} is a
 * quoted {@link LrLambdaExpression} in {@code epoch} (or a list of them, one per group);
 * CyclicLR's {@code scale_fn} is a quoted expression in {@code x}.
 *
 * <pre>{@code
 * LRScheduler s = Schedulers.create("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), "
 *         + "CosineAnnealingLR(T_max=95)], milestones=[5])", optimizer);
 * LRScheduler l = Schedulers.create("LambdaLR(lr_lambda='0.1 ** (epoch // 30)')", optimizer);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)}, etc.
 */
public final class Schedulers {
    /** Parameters of each scheduler, in PyTorch's signature order (without the optimizer). */
    public static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
            Map.entry("LambdaLR", List.of("lr_lambda", "last_epoch")),
            Map.entry("MultiplicativeLR", List.of("lr_lambda", "last_epoch")),
            Map.entry("StepLR", List.of("step_size", "gamma", "last_epoch")),
            Map.entry("MultiStepLR", List.of("milestones", "gamma", "last_epoch")),
            Map.entry("ConstantLR", List.of("factor", "total_iters", "last_epoch")),
            Map.entry("LinearLR", List.of("start_factor", "end_factor", "total_iters", "last_epoch")),
            Map.entry("ExponentialLR", List.of("gamma", "last_epoch")),
            Map.entry("PolynomialLR", List.of("total_iters", "power", "last_epoch")),
            Map.entry("CosineAnnealingLR", List.of("T_max", "eta_min", "last_epoch")),
            Map.entry("ReduceLROnPlateau", List.of("mode", "factor", "patience", "threshold", "threshold_mode",
                    "cooldown", "min_lr", "eps")),
            Map.entry("CyclicLR", List.of("base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma",
                    "scale_fn", "scale_mode", "cycle_momentum", "base_momentum", "max_momentum", "last_epoch")),
            Map.entry("OneCycleLR", List.of("max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start",
                    "anneal_strategy", "cycle_momentum", "base_momentum", "max_momentum", "div_factor",
                    "final_div_factor", "three_phase", "last_epoch")),
            Map.entry("CosineAnnealingWarmRestarts", List.of("T_0", "T_mult", "eta_min", "last_epoch")),
            Map.entry("SequentialLR", List.of("schedulers", "milestones", "last_epoch")),
            Map.entry("ChainedScheduler", List.of("schedulers")),
            Map.entry("WarmupLR", List.of("scheduler", "warmup_t", "warmup_lr_init")));

    private Schedulers() {
    }

    /** The supported scheduler names, sorted. */
    public static List<String> names() {
        return PARAMETERS.keySet().stream().sorted().toList();
    }

    /**
     * Builds the scheduler described by {@code spec} on {@code optimizer}.
     *
     * @throws SpecException            for a malformed spec, an unknown scheduler or keyword, or a
     *                                  value of the wrong type
     * @throws IllegalArgumentException for values the scheduler refuses (as PyTorch's constructors)
     */
    public static LRScheduler create(String spec, HasParamGroups optimizer) {
        return create(SpecParser.parse(spec), optimizer);
    }

    /** Builds the scheduler described by an already-parsed spec. */
    public static LRScheduler create(SpecCall call, HasParamGroups optimizer) {
        List<String> params = PARAMETERS.get(call.name());
        if (params == null) {
            throw new SpecException("scheduler: unknown scheduler '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), PARAMETERS.keySet()) + "; valid schedulers: "
                    + String.join(", ", names()));
        }
        SpecArgs a = SpecArgs.bind(call, params);
        int last = params.contains("last_epoch") ? a.getInt("last_epoch", -1) : -1;
        switch (call.name()) {
            case "LambdaLR":
                return new LambdaLR(optimizer, lambdas(a, optimizer), last);
            case "MultiplicativeLR":
                return new MultiplicativeLR(optimizer, lambdas(a, optimizer), last);
            case "StepLR":
                return new StepLR(optimizer, a.getInt("step_size"), a.getDouble("gamma", 0.1), last);
            case "MultiStepLR":
                return new MultiStepLR(optimizer, ints(a, "milestones", true), a.getDouble("gamma", 0.1), last);
            case "ConstantLR":
                return new ConstantLR(optimizer, a.getDouble("factor", 1.0 / 3), a.getInt("total_iters", 5), last);
            case "LinearLR":
                return new LinearLR(optimizer, a.getDouble("start_factor", 1.0 / 3), a.getDouble("end_factor", 1.0),
                        a.getInt("total_iters", 5), last);
            case "ExponentialLR":
                return new ExponentialLR(optimizer, a.getDouble("gamma"), last);
            case "PolynomialLR":
                return new PolynomialLR(optimizer, a.getInt("total_iters", 5), a.getDouble("power", 1.0), last);
            case "CosineAnnealingLR":
                return new CosineAnnealingLR(optimizer, a.getInt("T_max"), a.getDouble("eta_min", 0.0), last);
            case "ReduceLROnPlateau":
                return new ReduceLROnPlateau(optimizer, a.getString("mode", "min"), a.getDouble("factor", 0.1),
                        a.getInt("patience", 10), a.getDouble("threshold", 1e-4), a.getString("threshold_mode", "rel"),
                        a.getInt("cooldown", 0), doubles(a, "min_lr", List.of(0.0)), a.getDouble("eps", 1e-8));
            case "CyclicLR": {
                a.required("base_lr", "max_lr");
                DoubleUnaryOperator scaleFn = null;
                if (a.hasValue("scale_fn")) {
                    LrLambdaExpression e = LrLambdaExpression.parse(a.getString("scale_fn"), "x");
                    scaleFn = e::evaluate;
                }
                return new CyclicLR(optimizer, doubles(a, "base_lr", null), doubles(a, "max_lr", null),
                        a.getInt("step_size_up", 2000), a.hasValue("step_size_down") ? a.getInt("step_size_down") : null,
                        a.getString("mode", "triangular"), a.getDouble("gamma", 1.0), scaleFn,
                        a.getString("scale_mode", "cycle"), a.getBool("cycle_momentum", true),
                        doubles(a, "base_momentum", List.of(0.8)), doubles(a, "max_momentum", List.of(0.9)), last);
            }
            case "OneCycleLR":
                a.required("max_lr");
                return new OneCycleLR(optimizer, doubles(a, "max_lr", null),
                        a.hasValue("total_steps") ? a.getInt("total_steps") : null,
                        a.hasValue("epochs") ? a.getInt("epochs") : null,
                        a.hasValue("steps_per_epoch") ? a.getInt("steps_per_epoch") : null,
                        a.getDouble("pct_start", 0.3), a.getString("anneal_strategy", "cos"),
                        a.getBool("cycle_momentum", true), doubles(a, "base_momentum", List.of(0.85)),
                        doubles(a, "max_momentum", List.of(0.95)), a.getDouble("div_factor", 25.0),
                        a.getDouble("final_div_factor", 1e4), a.getBool("three_phase", false), last);
            case "CosineAnnealingWarmRestarts":
                return new CosineAnnealingWarmRestarts(optimizer, a.getInt("T_0"), a.getInt("T_mult", 1),
                        a.getDouble("eta_min", 0.0), last);
            case "SequentialLR":
                a.required("schedulers", "milestones");
                return new SequentialLR(optimizer, nested(a, "schedulers", optimizer), ints(a, "milestones", true), last);
            case "ChainedScheduler":
                a.required("schedulers");
                return new ChainedScheduler(nested(a, "schedulers", optimizer), optimizer);
            case "WarmupLR":
                a.required("scheduler");
                return new WarmupLR(optimizer, create(a.getCall("scheduler"), optimizer), a.getInt("warmup_t", 0),
                        a.getDouble("warmup_lr_init", 0.0));
            default:
                throw new IllegalStateException("no factory for " + call.name());
        }
    }

    private static List<LRScheduler> nested(SpecArgs a, String name, HasParamGroups optimizer) {
        List<LRScheduler> out = new ArrayList<>();
        for (SpecCall c : a.getCallList(name)) {
            out.add(create(c, optimizer));
        }
        return out;
    }

    private static List<IntToDoubleFunction> lambdas(SpecArgs a, HasParamGroups optimizer) {
        a.required("lr_lambda");
        Object v = a.get("lr_lambda");
        List<IntToDoubleFunction> out = new ArrayList<>();
        if (v instanceof String s) {
            LrLambdaExpression e = LrLambdaExpression.parse(s);
            for (int i = 0; i < optimizer.paramGroups().size(); i++) {
                out.add(e);
            }
            return out;
        }
        List<?> items = v instanceof List<?> l ? l : v instanceof dev.trainkit.spec.SpecTuple t ? t.items() : null;
        if (items == null || !items.stream().allMatch(x -> x instanceof String)) {
            throw new SpecException(a.callName() + ": argument 'lr_lambda': expected a quoted expression in epoch "
                    + "(e.g. '0.95 ** epoch') or a list of them, got " + v);
        }
        for (Object o : items) {
            out.add(LrLambdaExpression.parse((String) o));
        }
        return out;
    }

    private static List<Double> doubles(SpecArgs a, String name, List<Double> def) {
        List<Double> v = a.getDoubleList(name);
        if (v == null) {
            if (def == null) {
                throw new SpecException(a.callName() + ": missing required argument '" + name + "'");
            }
            return def;
        }
        return v;
    }

    private static List<Integer> ints(SpecArgs a, String name, boolean required) {
        List<Long> v = a.getLongList(name);
        if (v == null) {
            if (required) {
                throw new SpecException(a.callName() + ": missing required argument '" + name + "'");
            }
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (long x : v) {
            out.add(Math.toIntExact(x));
        }
        return out;
    }
}
