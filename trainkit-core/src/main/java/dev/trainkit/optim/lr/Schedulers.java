package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Registry;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds schedulers from spec strings with PyTorch's class and keyword names. Each scheduler
 * class declares its {@link Registration} (signature with PyTorch's defaults, one-line
 * description, {@link SchedulerFactory} with its {@link SchedulerTraits}); this class registers
 * them, one line each. Nested schedulers ({@code SequentialLR}, {@code ChainedScheduler},
 * {@code WarmupLR}) are built on the same optimizer, in source order, as the equivalent Python
 * would. {@code lr_lambda} is a quoted {@link LrLambdaExpression} in {@code epoch} (or a list
 * of them, one per group); CyclicLR's {@code scale_fn} is a quoted expression in {@code x}.
 *
 * <pre>{@code
 * LRScheduler s = Schedulers.create("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), "
 *         + "CosineAnnealingLR(T_max=95)], milestones=[5])", optimizer);
 * LRScheduler l = Schedulers.create("LambdaLR(lr_lambda='0.1 ** (epoch // 30)')", optimizer);
 * Schedulers.traits("OneCycleLR(max_lr=0.1)").stepsPerBatch();   // true
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)}, etc.
 */
public final class Schedulers {
    private static final Registry<SchedulerFactory> REGISTRY = new Registry<SchedulerFactory>("scheduler")
            .register(LambdaLR.REGISTRATION)
            .register(MultiplicativeLR.REGISTRATION)
            .register(StepLR.REGISTRATION)
            .register(MultiStepLR.REGISTRATION)
            .register(ConstantLR.REGISTRATION)
            .register(LinearLR.REGISTRATION)
            .register(ExponentialLR.REGISTRATION)
            .register(PolynomialLR.REGISTRATION)
            .register(CosineAnnealingLR.REGISTRATION)
            .register(ReduceLROnPlateau.REGISTRATION)
            .register(CyclicLR.REGISTRATION)
            .register(OneCycleLR.REGISTRATION)
            .register(CosineAnnealingWarmRestarts.REGISTRATION)
            .register(SequentialLR.REGISTRATION)
            .register(ChainedScheduler.REGISTRATION)
            .register(WarmupLR.REGISTRATION)
            .register(SWALR.REGISTRATION);

    /** Parameters of each scheduler, in PyTorch's signature order (without the optimizer). */
    public static final Map<String, List<String>> PARAMETERS = parameters();

    private Schedulers() {
    }

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Registration<SchedulerFactory> r : REGISTRY.registrations()) {
            m.put(r.name(), r.signature().parameters());
        }
        return Map.copyOf(m);
    }

    /** The scheduler registry: signatures, descriptions and factories, for listings. */
    public static Registry<SchedulerFactory> registry() {
        return REGISTRY;
    }

    /** The supported scheduler names, sorted. */
    public static List<String> names() {
        return REGISTRY.names().stream().sorted().toList();
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
        return entry(call).factory().create(REGISTRY.bind(call), optimizer);
    }

    /**
     * How a training loop drives the scheduler {@code spec} describes: per batch or per epoch,
     * with or without the monitored metric. Pure Java: builds nothing.
     *
     * @throws SpecException for a malformed spec, an unknown scheduler or keyword
     */
    public static SchedulerTraits traits(String spec) {
        return traits(SpecParser.parse(spec));
    }

    /** {@link #traits(String)} of an already-parsed spec. */
    public static SchedulerTraits traits(SpecCall call) {
        return entry(call).factory().traits().apply(REGISTRY.bind(call));
    }

    private static Registration<SchedulerFactory> entry(SpecCall call) {
        if (!REGISTRY.contains(call.name())) {
            throw new SpecException("scheduler: unknown scheduler '" + call.name() + "'"
                    + NameSuggester.didYouMean(call.name(), REGISTRY.names()) + "; valid schedulers: "
                    + String.join(", ", names()));
        }
        return REGISTRY.get(call.name());
    }
}
