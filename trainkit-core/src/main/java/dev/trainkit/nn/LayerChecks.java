package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Argument checks shared by the layers, so every message has the same shape:
 * {@code Layer: argument expected ..., got ...}.
 */
final class LayerChecks {
    private LayerChecks() {
    }

    static long positive(String layer, String arg, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be > 0, got " + v);
        }
        return v;
    }

    static double positive(String layer, String arg, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be > 0, got " + v);
        }
        return v;
    }

    static double probability(String layer, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(layer + ": dropout probability p has to be between 0 and 1, but got " + p);
        }
        return p;
    }

    /** Expands a scalar to an n-tuple or checks a tuple's length and values, as {@code _pair}. */
    static long[] tuple(String layer, String arg, long[] v, int n, long min) {
        if (v == null || (v.length != 1 && v.length != n)) {
            throw new IllegalArgumentException(layer + ": " + arg + " expected 1 or " + n + " values, got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = v.length == 1 ? v[0] : v[i];
            if (out[i] < min) {
                throw new IllegalArgumentException(layer + ": " + arg + " values must be >= " + min + ", got "
                        + Arrays.toString(v));
            }
        }
        return out;
    }

    /** One of {@code valid}, else an error listing the valid names. */
    static String oneOf(String layer, String arg, String v, List<String> valid) {
        if (!valid.contains(v)) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be one of " + valid + ", got '" + v + "'");
        }
        return v;
    }

    /** Input rank must be one of {@code ranks}; {@code layout} names the dimensions, e.g. "(N, C, H, W)". */
    static void rank(String layer, Tensor input, String layout, int... ranks) {
        int d = input.dim();
        for (int r : ranks) {
            if (r == d) {
                return;
            }
        }
        throw new IllegalArgumentException(layer + ".forward: expected " + ranksText(ranks) + "D input " + layout
                + ", got " + d + "D input " + input.describe());
    }

    /** Input dimension {@code dim} must equal {@code expected}. */
    static void channels(String layer, Tensor input, int dim, String what, long expected) {
        long got = input.size(dim);
        if (got != expected) {
            throw new IllegalArgumentException(layer + ".forward: expected input with " + what + "=" + expected
                    + " at dim " + dim + ", got " + got + " in " + input.describe());
        }
    }

    /** Input must be floating point (layers with float weights). */
    static void floating(String layer, Tensor input) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(layer + ".forward: expected a floating-point input, got "
                    + input.describe());
        }
    }

    private static String ranksText(int[] ranks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranks.length; i++) {
            if (i > 0) {
                sb.append(i == ranks.length - 1 ? " or " : ", ");
            }
            sb.append(ranks[i]);
        }
        return sb.toString();
    }
}
