package dev.trainkit.vision.transforms;

import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecException;
import java.util.List;
import java.util.Locale;

/** Typed readers of the argument shapes torchvision's transforms take (int or pair, fill, interpolation). */
final class TransformArgs {
    private TransformArgs() {
    }

    /**
     * torchvision's {@code InterpolationMode} given by its value ({@code 'bilinear'}), enum name
     * ({@code 'BILINEAR'}) or PIL-style integer (0 nearest, 2 bilinear, 3 bicubic).
     */
    static InterpolationMode interpolation(SpecArgs a, String name) {
        Object v = a.get(name);
        if (v instanceof Long code) {
            switch (code.intValue()) {
                case 0: return InterpolationMode.NEAREST;
                case 2: return InterpolationMode.BILINEAR;
                case 3: return InterpolationMode.BICUBIC;
                default: break;
            }
        } else if (v instanceof String s) {
            String u = s.toUpperCase(Locale.ROOT).replace("INTERPOLATIONMODE.", "");
            for (InterpolationMode m : InterpolationMode.values()) {
                if (m.name().equals(u)) {
                    return m;
                }
            }
        }
        throw new SpecException(a.callName() + ": argument '" + name + "': expected 'nearest', 'bilinear' or 'bicubic'"
                + " (torchvision's InterpolationMode values), got " + v);
    }

    /** A number or a sequence of numbers as an array; null when None. */
    static double[] doubles(SpecArgs a, String name) {
        List<Double> l = a.getDoubleList(name);
        if (l == null) {
            return null;
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i);
        }
        return out;
    }

    /** An integer or a sequence of integers as an array; null when None. */
    static int[] ints(SpecArgs a, String name) {
        List<Long> l = a.getLongList(name);
        if (l == null) {
            return null;
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            long v = l.get(i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new SpecException(a.callName() + ": argument '" + name + "': " + v + " is out of the int range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** A probability {@code p}, checked. */
    static double probability(SpecArgs a, String name) {
        return RandomApplied.checkProbability(a.callName(), a.getDouble(name));
    }
}
