package dev.trainkit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the run's metrics: a row per optimizer step ({@code train_loss}, {@code lr},
 * {@code grad_norm}, {@code samples_per_s}) and per epoch (train and validation metrics) to
 * {@code metrics.csv} and {@code metrics.jsonl}, rewritten atomically at every epoch end and
 * checkpoint; when fit ends, the plots and {@code report.md}. On resume it reloads the rows up to
 * the checkpoint, so a resumed run's files equal an uninterrupted run's. A default callback of
 * every {@link Trainer} with a run directory.
 *
 * <pre>{@code
 * FitResult r = Trainer.builder().runDir(Path.of("runs/exp1")).build().fit(model, train, val);
 * // runs/exp1/metrics.csv, metrics.jsonl, loss.png, lr.png, report.md
 * }</pre>
 *
 * <p>Lightning equivalent: {@code CSVLogger} plus the run summary.
 */
public final class MetricsLogger implements Callback {
    private final RunLog log;
    private final Path dir;

    /** Logs into {@code dir}; null keeps the rows in memory only (e.g. on ranks other than 0). */
    public MetricsLogger(Path dir) {
        this.dir = dir;
        this.log = new RunLog(dir);
    }

    /** The rows logged so far. */
    public RunLog log() {
        return log;
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "step");
        row.put("epoch", ctx.epoch());
        row.put("step", step);
        row.put("train_loss", loss);
        row.put("lr", ctx.stepLr());
        if (Double.isFinite(ctx.lastGradNorm())) {
            row.put("grad_norm", ctx.lastGradNorm());
        }
        row.put("samples_per_s", ctx.samplesPerSecond());
        log.add(row);
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "epoch");
        row.put("epoch", ctx.epoch());
        row.put("step", ctx.globalStep());
        row.put("lr", ctx.epochLr());
        row.putAll(metrics);
        log.add(row);
        flush();
    }

    @Override
    public void onSaveCheckpoint(TrainContext ctx, Map<String, Object> checkpoint) {
        flush();
    }

    @Override
    public void onLoadCheckpoint(TrainContext ctx, Map<String, ?> checkpoint) {
        try {
            log.reload(ctx.globalStep(), ctx.epoch());
        } catch (IOException e) {
            throw new UncheckedIOException("reloading " + dir + "/metrics.jsonl: " + e.getMessage(), e);
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (dir == null) {
            return;
        }
        try {
            log.flush();
            List<String> plots = RunPlots.write(dir, log);
            RunReport.write(dir, "Training report", ctx.fitSummary(), plots, log);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void flush() {
        try {
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir + "/metrics.csv: " + e.getMessage(), e);
        }
    }
}
