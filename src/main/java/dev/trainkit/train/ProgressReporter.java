package dev.trainkit.train;

import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows training progress: on a terminal ({@code System.console() != null}) a progress bar per
 * epoch with step, loss, lr, samples/s and ETA (me.tongfei.progressbar, on stderr); otherwise
 * a plain log line every {@code everyNSteps} steps and one per epoch. Lightning's
 * {@code TQDMProgressBar} and its non-interactive logging.
 *
 * <pre>{@code
 * Trainer.builder().progress(true).logEveryNSteps(20)   // added by the trainer
 * }</pre>
 */
public final class ProgressReporter implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger("trainkit");
    private final boolean terminal;
    private final int everyNSteps;
    private final long totalSteps;
    private ProgressBar bar;
    private long startNanos;
    private long startStep;

    /**
     * @param terminal whether to draw a bar (usually {@code System.console() != null})
     * @param everyNSteps log interval without a terminal
     * @param totalSteps the planned number of optimizer steps (for the ETA)
     */
    public ProgressReporter(boolean terminal, int everyNSteps, long totalSteps) {
        this.terminal = terminal;
        this.everyNSteps = everyNSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        startNanos = System.nanoTime();
        startStep = ctx.globalStep();
    }

    @Override
    public void onEpochStart(TrainContext ctx) {
        if (terminal) {
            int accumulate = Math.max(1, ctx.trainer().accumulateGradBatches());
            long steps = (ctx.batchesPerEpoch() + accumulate - 1) / accumulate;
            bar = new ProgressBarBuilder().setTaskName("epoch " + ctx.epoch()).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
        }
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        String msg = String.format(Locale.ROOT, "step %d loss %.4f lr %.3g %.0f samples/s", step, loss, ctx.lr(),
                ctx.samplesPerSecond());
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(msg);
        } else if (!terminal && step % everyNSteps == 0) {
            LOG.info("epoch {} {}{}", ctx.epoch(), msg, eta(step));
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        closeBar();
        StringBuilder sb = new StringBuilder("epoch ").append(ctx.epoch()).append(" done (step ")
                .append(ctx.globalStep()).append("):");
        metrics.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)));
        LOG.info(sb.toString());
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        closeBar();
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

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
