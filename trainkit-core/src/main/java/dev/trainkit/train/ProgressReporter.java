package dev.trainkit.train;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports training progress as log lines (SLF4J logger {@code trainkit}): one every
 * {@code everyNSteps} optimizer steps with loss, lr, samples/s and ETA, and one per epoch with
 * its metrics. A default callback of every {@link Trainer} ({@code progress(false)} removes it);
 * applications that want a terminal progress bar turn it off and add their own callback, as the
 * {@code trainkit} command does. Lightning's non-interactive progress logging.
 *
 * <pre>{@code
 * Trainer.builder().progress(true).logEveryNSteps(20)   // added by the trainer
 * }</pre>
 */
public final class ProgressReporter implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger("trainkit");
    private final int everyNSteps;
    private final long totalSteps;
    private long startNanos;
    private long startStep;

    /**
     * @param everyNSteps log interval in optimizer steps
     * @param totalSteps the planned number of optimizer steps (for the ETA)
     */
    public ProgressReporter(int everyNSteps, long totalSteps) {
        if (everyNSteps < 1) {
            throw new IllegalArgumentException("ProgressReporter: everyNSteps must be >= 1, got " + everyNSteps);
        }
        this.everyNSteps = everyNSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        startNanos = System.nanoTime();
        startStep = ctx.globalStep();
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        if (step % everyNSteps == 0) {
            LOG.info("epoch {} {}{}", ctx.epoch(), stepLine(ctx, step, loss), eta(step));
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        LOG.info(epochLine(ctx, metrics));
    }

    /** {@code step S loss L lr R N samples/s}: the per-step summary, shared with progress bars. */
    public static String stepLine(TrainContext ctx, long step, double loss) {
        return String.format(Locale.ROOT, "step %d loss %.4f lr %.3g %.0f samples/s", step, loss, ctx.lr(),
                ctx.samplesPerSecond());
    }

    /** {@code epoch E done (step S): name value ...}: the per-epoch summary, shared with progress bars. */
    public static String epochLine(TrainContext ctx, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder("epoch ").append(ctx.epoch()).append(" done (step ")
                .append(ctx.globalStep()).append("):");
        metrics.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    private String eta(long step) {
        long done = step - startStep;
        if (totalSteps <= 0 || done <= 0) {
            return "";
        }
        double perStep = (System.nanoTime() - startNanos) / 1e9 / done;
        long s = Math.max(0, Math.round(perStep * (totalSteps - step)));
        return String.format(Locale.ROOT, " eta %d:%02d", s / 60, s % 60);
    }
}
