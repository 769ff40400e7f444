package dev.trainkit.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Trainer#fit} returns: how far it went, why it stopped, and the last epoch's
 * metrics ({@code train_loss}, {@code val_loss}, {@code val_acc}, ...).
 *
 * <pre>{@code
 * FitResult r = trainer.fit(model, train, val);
 * r.metrics().get("val_acc");
 * }</pre>
 *
 * @param epochs epochs completed
 * @param globalStep optimizer steps done in total (including those before a resume)
 * @param stopReason why training stopped early, or null when it ran to {@code maxEpochs}/{@code maxSteps}
 * @param metrics the last epoch's metrics
 * @param seconds wall time of this fit call
 * @param runDir the run directory, or null
 * @param lastCheckpoint the last checkpoint written, or null
 * @param interrupted whether {@link Trainer#requestStop(String)} stopped the fit (e.g. on SIGINT)
 */
public record FitResult(int epochs, long globalStep, String stopReason, Map<String, Double> metrics, double seconds,
        Path runDir, String lastCheckpoint, boolean interrupted) {
}
