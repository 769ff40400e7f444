package dev.trainkit.train;

import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.spec.SpecCall;
import java.util.function.Function;

/**
 * One learning-rate scheduler of a {@link Trainer}: how to build it from the optimizer, when it
 * steps, and which metric feeds it when it is a {@code ReduceLROnPlateau}. Lightning's
 * {@code {"scheduler": ..., "interval": "epoch", "monitor": "val_loss"}}.
 *
 * @param factory builds the scheduler over the trainer's optimizer; null when {@code spec} is given
 * @param spec the parsed spec (parsed once, when configured); null for a custom factory
 * @param interval step or epoch
 * @param monitor the metric given to {@code ReduceLROnPlateau.step(metric)} (e.g. {@code val_loss})
 * @param description the spec string or a name, for config.json
 */
public record SchedulerConfig(Function<Optimizer, LRScheduler> factory, SpecCall spec, Interval interval,
        String monitor, String description) {
    /** Checks that exactly one of factory and spec is given. */
    public SchedulerConfig {
        if ((factory == null) == (spec == null)) {
            throw new IllegalArgumentException("SchedulerConfig: give either a factory or a spec, not "
                    + (factory == null ? "neither" : "both"));
        }
        java.util.Objects.requireNonNull(interval, "interval");
    }
}
