package dev.trainkit.amp;

import java.util.Map;

/** Validation of GradScaler options and typed reads from its state dict, with messages naming the value. */
final class ScalerOptions {
    private ScalerOptions() {
    }

    /** PyTorch's "The growth factor must be > 1.0." (plus: finite). */
    static double growthFactor(String where, double f) {
        if (!(f > 1.0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException(where + ": The growth factor must be > 1.0 (and finite), got " + f);
        }
        return f;
    }

    /** PyTorch's "The backoff factor must be < 1.0." (plus: > 0, else the scale would vanish). */
    static double backoffFactor(String where, double f) {
        if (!(f < 1.0) || !(f > 0.0)) {
            throw new IllegalArgumentException(where + ": The backoff factor must be < 1.0 (and > 0), got " + f);
        }
        return f;
    }

    /** Not checked by PyTorch, where an interval below 1 would silently never grow the scale. */
    static int growthInterval(String where, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(where + ": growth_interval must be >= 1, got " + n);
        }
        return n;
    }

    /** A scale must stay a positive finite float32 (it is stored as one). */
    static double scale(String where, String what, double v) {
        if (!(v > 0) || !Float.isFinite((float) v) || (float) v == 0f) {
            throw new IllegalArgumentException(where + ": " + what
                    + " must be a positive number representable in float32, got " + v);
        }
        return v;
    }

    static Number number(Map<String, ?> sd, String key) {
        Object v = sd.get(key);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("GradScaler.loadStateDict: key '" + key + "': expected a number, got "
                + (v == null ? "nothing (present keys: " + sd.keySet() + ")" : v.getClass().getSimpleName() + " " + v));
    }

    static int integer(Map<String, ?> sd, String key) {
        Number n = number(sd, key);
        double d = n.doubleValue();
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("GradScaler.loadStateDict: key '" + key + "': expected an integer, got " + n);
        }
        return (int) d;
    }
}
