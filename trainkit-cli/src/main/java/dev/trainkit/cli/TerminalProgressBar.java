package dev.trainkit.cli;

import dev.trainkit.train.Callback;
import dev.trainkit.train.ProgressReporter;
import dev.trainkit.train.TrainContext;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code trainkit} command's progress display on a terminal: a bar per epoch (on stderr)
 * with step, loss, lr and samples/s, and the library's epoch summary line when the epoch ends.
 * Replaces the trainer's default {@link ProgressReporter} when {@code System.console() != null};
 * Lightning's {@code TQDMProgressBar}.
 *
 * <pre>{@code
 * builder.progress(false).callback(new TerminalProgressBar());
 * }</pre>
 */
final class TerminalProgressBar implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger("trainkit");
    private ProgressBar bar;

    @Override
    public void onEpochStart(TrainContext ctx) {
        int accumulate = Math.max(1, ctx.trainer().accumulateGradBatches());
        long steps = (ctx.batchesPerEpoch() - ctx.batchInEpoch() + accumulate - 1) / accumulate;
        bar = new ProgressBarBuilder().setTaskName("epoch " + ctx.epoch()).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(ProgressReporter.stepLine(ctx, step, loss));
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        close();
        LOG.info(ProgressReporter.epochLine(ctx, metrics));
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
