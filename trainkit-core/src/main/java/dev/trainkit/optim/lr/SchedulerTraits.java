package dev.trainkit.optim.lr;

/**
 * What a training loop must know about a scheduler to drive it, read from its registry entry
 * instead of from its name: whether it steps after every batch, and whether its
 * {@code step} needs the monitored metric. Wrappers ({@code WarmupLR}, {@code SequentialLR},
 * {@code ChainedScheduler}) inherit the traits of what they wrap.
 *
 * <pre>{@code
 * SchedulerTraits t = Schedulers.traits("WarmupLR(scheduler=OneCycleLR(max_lr=0.1, total_steps=100), warmup_t=5)");
 * t.stepsPerBatch();   // true: step after every optimizer step
 * Schedulers.traits("ReduceLROnPlateau(patience=2)").needsMetric();   // true: step(metric)
 * }</pre>
 *
 * <p>PyTorch equivalent: none in PyTorch itself; Lightning's {@code lr_scheduler_config}
 * {@code interval} ("step" / "epoch") and {@code monitor}.
 *
 * @param stepsPerBatch true for schedules defined in optimizer steps (PyTorch's
 *                      {@code OneCycleLR}, {@code CyclicLR}), or a wrapper around one
 * @param needsMetric   true for {@code ReduceLROnPlateau} or a wrapper around it: step it
 *                      through {@link MetricScheduler#step(double)}
 */
public record SchedulerTraits(boolean stepsPerBatch, boolean needsMetric) {
    /** Stepped once per epoch, without a metric (StepLR, CosineAnnealingLR, ...). */
    public static final SchedulerTraits PER_EPOCH = new SchedulerTraits(false, false);
    /** Stepped after every optimizer step (OneCycleLR, CyclicLR). */
    public static final SchedulerTraits PER_BATCH = new SchedulerTraits(true, false);
    /** Stepped once per epoch with the monitored metric (ReduceLROnPlateau). */
    public static final SchedulerTraits METRIC = new SchedulerTraits(false, true);

    /** The traits of a wrapper around this scheduler and {@code other}: each trait holds if either has it. */
    public SchedulerTraits or(SchedulerTraits other) {
        return new SchedulerTraits(stepsPerBatch || other.stepsPerBatch, needsMetric || other.needsMetric);
    }
}
