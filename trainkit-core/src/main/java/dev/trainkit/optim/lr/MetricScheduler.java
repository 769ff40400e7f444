package dev.trainkit.optim.lr;

/**
 * A scheduler stepped with the monitored metric ({@code ReduceLROnPlateau}, or a
 * {@link WarmupLR} around one). {@link Schedulers#traits(String)} tells from a spec whether the
 * scheduler it builds must be stepped this way.
 *
 * <pre>{@code
 * LRScheduler s = Schedulers.create("WarmupLR(scheduler=ReduceLROnPlateau(patience=2), warmup_t=3)", opt);
 * ((MetricScheduler) s).step(valLoss);   // once per epoch
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code scheduler.step(metrics)} of {@code ReduceLROnPlateau}.
 */
public interface MetricScheduler {
    /**
     * One epoch with the monitored {@code metric} (e.g. the validation loss).
     *
     * @throws IllegalStateException when this scheduler is not driven by a metric
     */
    void step(double metric);

    /** Whether {@link #step(double)} is how this scheduler steps (a wrapper may hold a scheduler that takes none). */
    default boolean needsMetric() {
        return true;
    }
}
