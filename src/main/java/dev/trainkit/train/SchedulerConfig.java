package dev.trainkit.train;

import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.lr.LRScheduler;
import java.util.function.Function;

/**
 * One learning-rate scheduler of a {@link Trainer}: how to build it from the optimizer, when it
 * steps, and which metric feeds it when it is a {@code ReduceLROnPlateau}. Lightning's
 * {@code {"scheduler": ..., "interval": "epoch", "monitor": "val_loss"}}.
 *
 * @param factory builds the scheduler over the trainer's optimizer
 * @param interval step or epoch
 * @param monitor the metric given to {@code ReduceLROnPlateau.step(metric)} (e.g. {@code val_loss})
 * @param description the spec string or a name, for config.json
 */
public record SchedulerConfig(Function<Optimizer, LRScheduler> factory, Interval interval, String monitor,
        String description) {
}
