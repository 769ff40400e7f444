package dev.trainkit.train;

import dev.trainkit.tensor.Tensor;
import java.util.Locale;

/**
 * Stops training at the first non-finite loss or gradient norm, before the bad step is applied,
 * so the model keeps its last good weights; the error names the epoch, step and batch and the
 * last good checkpoint. Under loss scaling ({@code 16-mixed}, {@code 16-true}) inf/NaN gradients
 * are expected now and then and the scaler skips those steps, so only the loss is checked. A
 * default callback of every {@link Trainer}; {@code Trainer.builder().nanGuard(false)} removes it.
 *
 * <pre>{@code
 * try { trainer.fit(model, train, val); }
 * catch (TrainingDivergedException e) { Path good = Path.of(e.lastCheckpoint()); }
 * }</pre>
 *
 * <p>Lightning equivalent: {@code Trainer(detect_anomaly=False)} with a finite-loss check, as
 * {@code EarlyStopping(check_finite=True)} does per epoch.
 */
public final class NanGuard implements Callback {
    @Override
    public void onBeforeBackward(TrainContext ctx, Tensor loss) {
        if (!Double.isFinite(ctx.batchLoss())) {
            throw diverged(ctx, "loss", ctx.batchLoss());
        }
    }

    @Override
    public void onAfterBackward(TrainContext ctx) {
        // with norm clipping the loop computes the norm anyway (before any value clipping): checked below
        if (!ctx.accumulationWindowComplete() || ctx.lossScaling()
                || ctx.trainer().config().gradientClipNorm() > 0) {
            return;
        }
        double norm = FitLoop.gradNorm(ctx.model().parameters());
        ctx.recordGradNorm(norm);
        checkGradNorm(ctx, norm);
    }

    @Override
    public void onBeforeOptimizerStep(TrainContext ctx) {
        if (!ctx.lossScaling() && ctx.trainer().config().gradientClipNorm() > 0) {
            checkGradNorm(ctx, ctx.lastGradNorm());
        }
    }

    private static void checkGradNorm(TrainContext ctx, double norm) {
        if (!Double.isFinite(norm)) {
            throw diverged(ctx, "gradient norm", norm);
        }
    }

    private static TrainingDivergedException diverged(TrainContext ctx, String what, double value) {
        String ck = ctx.lastCheckpoint();
        String msg = String.format(Locale.ROOT, "NaN/Inf guard: non-finite %s (%s) at epoch %d, step %d (batch %d of "
                + "the epoch); training stopped before applying this step, so the model keeps the last good weights. %s",
                what, value, ctx.epoch(), ctx.globalStep() + 1, ctx.batchInEpoch() + 1,
                ck == null ? "No checkpoint had been written." : "Last good checkpoint: " + ck + ".");
        return new TrainingDivergedException(msg, ctx.globalStep() + 1, ck);
    }
}
