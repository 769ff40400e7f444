package dev.trainkit.train;

import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.MetricScheduler;
import java.util.List;
import java.util.Map;

/**
 * Steps the trainer's learning-rate schedulers: those with {@link Interval#STEP} after every
 * optimizer step, those with {@link Interval#EPOCH} at every epoch end, after validation; a
 * {@code ReduceLROnPlateau} is given its monitored metric ({@code train_loss} per step, any
 * epoch metric such as {@code val_loss} per epoch), as is a {@code WarmupLR} around one. A
 * default callback of every {@link Trainer} with schedulers; a user callback of this class
 * replaces it.
 *
 * <pre>{@code
 * Trainer.builder().scheduler("ReduceLROnPlateau(patience=2)", Interval.EPOCH, "val_acc");
 * }</pre>
 *
 * <p>Lightning equivalent: the loop's {@code update_lr_schedulers("step"|"epoch")} with the
 * {@code lr_scheduler_config}'s {@code interval} and {@code monitor}.
 */
public final class SchedulerStepper implements Callback {
    private final List<SchedulerConfig> configs;

    /** Steps {@code ctx.schedulers()}, whose i-th entry was built from {@code configs.get(i)}. */
    public SchedulerStepper(List<SchedulerConfig> configs) {
        this.configs = List.copyOf(configs);
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        stepAll(ctx, Interval.STEP, Map.of("train_loss", loss));
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        stepAll(ctx, Interval.EPOCH, metrics);
    }

    private void stepAll(TrainContext ctx, Interval interval, Map<String, Double> metrics) {
        if (ctx.schedulersReplaced) {
            return; // StochasticWeightAveraging's SWALR drives the lr from its first epoch on
        }
        List<LRScheduler> schedulers = ctx.schedulers();
        if (schedulers.size() != configs.size()) {
            throw new IllegalStateException("SchedulerStepper: " + configs.size() + " scheduler configs for "
                    + schedulers.size() + " schedulers");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (configs.get(i).interval() == interval) {
                step(schedulers.get(i), configs.get(i), metrics);
            }
        }
    }

    private static void step(LRScheduler s, SchedulerConfig c, Map<String, Double> metrics) {
        if (s instanceof MetricScheduler p && p.needsMetric()) {
            Double m = metrics.get(c.monitor());
            if (m == null) {
                throw new IllegalStateException(c.description() + " monitors '" + c.monitor()
                        + "', which is not among the metrics " + metrics.keySet()
                        + (c.monitor() != null && c.monitor().startsWith("val_") ? " (is there a validation loader?)" : ""));
            }
            p.step(m);
        } else {
            s.step();
        }
    }
}
