package dev.trainkit.train;

/**
 * The outcome of a learning-rate range test: the learning rates tried, the raw and smoothed
 * losses, the suggested learning rate, and the plot file (null if none was written).
 *
 * <pre>{@code
 * LrFindResult r = trainer.lrFind(model, train, new LrFinder());
 * double lr = r.suggestion();     # lr_finder.suggestion()
 * }</pre>
 *
 * @param lrs the learning rate of each step
 * @param losses the raw training loss of each step
 * @param smoothedLosses the bias-corrected exponential moving average of the losses
 * @param suggestion the lr at the steepest descent of the smoothed loss, NaN if too few points
 * @param stoppedEarly whether the sweep stopped because the loss diverged
 * @param plot the PNG written, or null
 */
public record LrFindResult(double[] lrs, double[] losses, double[] smoothedLosses, double suggestion,
        boolean stoppedEarly, String plot) {
}
