package dev.trainkit.nn.loss;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Argument checks run before libtorch sees the tensors, so a bad input gives a message naming
 * the loss, the argument, what was expected and what came, never a libtorch assert.
 */
final class LossChecks {
    private LossChecks() {
    }

    static IllegalArgumentException error(String loss, String message) {
        return new IllegalArgumentException(loss + ": " + message);
    }

    static void notNull(String loss, String arg, Tensor t) {
        if (t == null) {
            throw error(loss, arg + " must not be null");
        }
    }

    /** A non-empty floating-point tensor. */
    static void floating(String loss, String arg, Tensor t) {
        notNull(loss, arg, t);
        if (!t.dtype().isFloatingPoint()) {
            throw error(loss, arg + " must be a floating-point tensor, got " + t.describe());
        }
        nonEmpty(loss, arg, t);
    }

    static void nonEmpty(String loss, String arg, Tensor t) {
        if (t.numel() == 0) {
            throw error(loss, arg + " must not be empty, got " + t.describe());
        }
    }

    static void sameShape(String loss, String argA, Tensor a, String argB, Tensor b) {
        notNull(loss, argB, b);
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw error(loss, "shape mismatch: " + argA + " has shape " + Arrays.toString(a.shape()) + " but "
                    + argB + " has shape " + Arrays.toString(b.shape()) + "; they must be equal");
        }
    }

    /** Target values (except {@code ignoreIndex}, if not null) in [0, 1]. */
    static void unitInterval(String loss, String arg, Tensor t, Double ignoreIndex) {
        try (NoGrad ng = NoGrad.enter()) {
            Tensor v = t.detach();
            if (ignoreIndex != null) {
                v = v.maskedSelect(v.ne(ignoreIndex));
            }
            if (v.numel() == 0) {
                return;
            }
            double lo = v.min().item();
            double hi = v.max().item();
            if (!(lo >= 0 && hi <= 1)) {
                double bad = !(lo >= 0) ? lo : hi;
                throw error(loss, arg + " values must be in [0, 1], found " + bad
                        + (ignoreIndex != null ? " (ignore_index=" + fmt(ignoreIndex) + ")" : ""));
            }
        }
    }

    /**
     * Int64 class indices shaped {@code expectedShape}, each in {@code [0, numClasses)} or equal to
     * {@code ignoreIndex} (if not null).
     */
    static void classIndices(String loss, Tensor target, long[] expectedShape, long numClasses, Long ignoreIndex,
            String inputDescription) {
        notNull(loss, "target", target);
        if (target.dtype().isFloatingPoint()) {
            throw error(loss, "target must be int64 class indices, got floating-point " + target.describe()
                    + "; convert with target.to(DType.INT64)");
        }
        if (target.dtype() != DType.INT64) {
            throw error(loss, "target must be int64 class indices, got " + target.describe()
                    + "; convert with target.to(DType.INT64)");
        }
        if (!Arrays.equals(target.shape(), expectedShape)) {
            throw error(loss, "shape mismatch: target has shape " + Arrays.toString(target.shape()) + " but input "
                    + inputDescription + " needs a target of shape " + Arrays.toString(expectedShape));
        }
        classRange(loss, target, numClasses, ignoreIndex);
    }

    static void classRange(String loss, Tensor target, long numClasses, Long ignoreIndex) {
        try (NoGrad ng = NoGrad.enter()) {
            Tensor v = target;
            if (ignoreIndex != null) {
                v = v.maskedSelect(v.ne(ignoreIndex));
            }
            if (v.numel() == 0) {
                return;
            }
            long lo = v.min().itemLong();
            long hi = v.max().itemLong();
            if (lo < 0 || hi >= numClasses) {
                long bad = lo < 0 ? lo : hi;
                throw error(loss, "target class index " + bad + " is out of range for C=" + numClasses
                        + " classes (expected 0 <= index < " + numClasses
                        + (ignoreIndex != null ? ", or ignore_index=" + ignoreIndex : "") + ")");
            }
        }
    }

    /** A 1-d weight of length {@code numClasses} (if not null). */
    static void classWeight(String loss, Tensor weight, long numClasses) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != numClasses)) {
            throw error(loss, "weight must have one entry per class, shape [" + numClasses + "], got "
                    + weight.describe());
        }
    }

    static long[] withoutDim(long[] shape, int dim) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != dim) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
