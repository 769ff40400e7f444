package dev.trainkit.amp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link GradScaler}'s state dict with PyTorch's keys ({@code scale}, {@code growth_factor},
 * {@code backoff_factor}, {@code growth_interval}, {@code _growth_tracker}), validated when read.
 */
record ScalerState(double scale, double growthFactor, double backoffFactor, int growthInterval, int growthTracker) {
    private static final String WHERE = "GradScaler.loadStateDict";

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scale", scale);
        out.put("growth_factor", growthFactor);
        out.put("backoff_factor", backoffFactor);
        out.put("growth_interval", growthInterval);
        out.put("_growth_tracker", growthTracker);
        return out;
    }

    /** Reads and checks a state dict; throws before anything is applied. */
    static ScalerState of(Map<String, ?> sd) {
        double s = ScalerOptions.scale(WHERE, "'scale'", ScalerOptions.number(sd, "scale").doubleValue());
        double gf = ScalerOptions.growthFactor(WHERE, ScalerOptions.number(sd, "growth_factor").doubleValue());
        double bf = ScalerOptions.backoffFactor(WHERE, ScalerOptions.number(sd, "backoff_factor").doubleValue());
        int gi = ScalerOptions.growthInterval(WHERE, ScalerOptions.integer(sd, "growth_interval"));
        int tracker = ScalerOptions.integer(sd, "_growth_tracker");
        if (tracker < 0) {
            throw new IllegalArgumentException(WHERE + ": '_growth_tracker' must be >= 0, got " + tracker);
        }
        return new ScalerState(s, gf, bf, gi, tracker);
    }

    /**
     * The state after one iteration's inf checks, as ATen's {@code _amp_update_scale_} (in float32):
     * on inf/NaN {@code scale *= backoffFactor} and the tracker resets; otherwise the tracker counts
     * up and, on reaching {@code growthInterval}, {@code scale *= growthFactor} (kept only if finite)
     * and the tracker resets.
     */
    ScalerState afterIteration(boolean foundInf) {
        float s = (float) scale;
        if (foundInf) {
            return withScale((float) (s * backoffFactor), 0);     // C++: float * double, stored as float
        }
        int successful = growthTracker + 1;
        if (successful == growthInterval) {
            float grown = (float) (s * growthFactor);
            return withScale(Float.isFinite(grown) ? grown : s, 0); // "Do not grow the scale past fp32 bounds to inf."
        }
        return withScale(s, successful);
    }

    private ScalerState withScale(float newScale, int tracker) {
        return new ScalerState(newScale, growthFactor, backoffFactor, growthInterval, tracker);
    }
}
