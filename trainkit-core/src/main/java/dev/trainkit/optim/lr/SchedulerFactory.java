package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.SpecArgs;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The factory of a scheduler's registry entry: its {@link SchedulerTraits} (fixed, or derived
 * from the arguments for wrappers) and how to build it on an optimizer from bound arguments.
 *
 * <pre>{@code
 * public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
 *         Signature.of("StepLR").required("step_size").param("gamma", 0.1).param("last_epoch", -1).build(),
 *         "multiplies the lr by gamma every step_size epochs",
 *         SchedulerFactory.of(SchedulerTraits.PER_EPOCH,
 *                 (a, opt) -> new StepLR(opt, a.getInt("step_size"), a.getDouble("gamma"), a.getInt("last_epoch"))));
 * }</pre>
 *
 * <p>PyTorch equivalent: the scheduler class itself, {@code StepLR(optimizer, **kwargs)}.
 *
 * @param traits  the traits for the bound arguments
 * @param builder builds the scheduler from bound arguments on an optimizer
 */
public record SchedulerFactory(Function<SpecArgs, SchedulerTraits> traits,
                               BiFunction<SpecArgs, HasParamGroups, LRScheduler> builder) {
    /** Checks that both parts are present. */
    public SchedulerFactory {
        Objects.requireNonNull(traits, "traits");
        Objects.requireNonNull(builder, "builder");
    }

    /** A factory whose traits do not depend on the arguments. */
    public static SchedulerFactory of(SchedulerTraits traits, BiFunction<SpecArgs, HasParamGroups, LRScheduler> builder) {
        Objects.requireNonNull(traits, "traits");
        return new SchedulerFactory(a -> traits, builder);
    }

    /** Builds the scheduler from {@code args} on {@code optimizer}. */
    public LRScheduler create(SpecArgs args, HasParamGroups optimizer) {
        return builder.apply(args, optimizer);
    }
}
