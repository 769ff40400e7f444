package dev.trainkit.train;

/**
 * When a learning-rate scheduler steps: after every optimizer step or after every epoch.
 * Lightning's {@code lr_scheduler_config["interval"]} ({@code "step"} or {@code "epoch"}).
 */
public enum Interval {
    /** After every optimizer step (OneCycleLR, CyclicLR, warm-up schedules). */
    STEP,
    /** After every epoch, following validation (StepLR, CosineAnnealingLR, ReduceLROnPlateau). */
    EPOCH;

    /** {@code "step"} or {@code "epoch"}, any case. */
    public static Interval of(String name) {
        for (Interval i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("scheduler interval: expected 'step' or 'epoch', got '" + name + "'");
    }
}
