package dev.trainkit.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored metric has not improved for {@code patience} epochs.
 * Lightning's {@code EarlyStopping(monitor, mode, patience, min_delta)}: an epoch improves when
 * {@code value < best - min_delta} (mode {@code min}) or {@code value > best + min_delta}
 * (mode {@code max}); after {@code patience} epochs in a row without improvement, training
 * stops at the end of that epoch.
 *
 * <pre>{@code
 * Trainer.builder().callback(new EarlyStopping("val_loss", "min", 3, 0.0))
 * // EarlyStopping(monitor="val_loss", mode="min", patience=3, min_delta=0.0)
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final boolean minimize;
    private final int patience;
    private final double minDelta;
    private double best;
    private int wait;
    private int stoppedEpoch = -1;

    /**
     * @param monitor the metric, e.g. {@code val_loss} or {@code val_acc}
     * @param mode {@code min} or {@code max}
     * @param patience epochs without improvement before stopping (>= 1)
     * @param minDelta the smallest change that counts as an improvement (>= 0)
     */
    public EarlyStopping(String monitor, String mode, int patience, double minDelta) {
        if (!"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException("EarlyStopping mode: expected 'min' or 'max', got '" + mode + "'");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping patience: expected >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping min_delta: expected >= 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.minimize = mode.equals("min");
        this.patience = patience;
        this.minDelta = minDelta;
        this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        Double v = metrics.get(monitor);
        if (v == null) {
            throw new IllegalStateException("EarlyStopping: metric '" + monitor + "' is not available; epoch metrics are "
                    + metrics.keySet());
        }
        boolean improved = minimize ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            wait = 0;
        } else {
            wait++;
            if (wait >= patience) {
                stoppedEpoch = ctx.epoch();
                ctx.requestStop(String.format(Locale.ROOT,
                        "early stopping: %s did not improve for %d epochs (best %.6g)", monitor, patience, best));
            }
        }
    }

    /** The best value seen. */
    public double best() {
        return best;
    }

    /** The epoch at which it stopped training, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", best);
        m.put("wait", wait);
        m.put("stopped_epoch", stoppedEpoch);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, ?> state) {
        best = ((Number) state.get("best")).doubleValue();
        wait = ((Number) state.get("wait")).intValue();
        stoppedEpoch = ((Number) state.get("stopped_epoch")).intValue();
    }
}
