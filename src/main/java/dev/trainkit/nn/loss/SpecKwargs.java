package dev.trainkit.nn.loss;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed access to a loss spec's keyword arguments, rejecting unknown keywords by name. */
final class SpecKwargs {
    private final String loss;
    private final Map<String, Object> kw;

    SpecKwargs(String loss, Map<String, Object> kw, Set<String> valid) {
        this.loss = loss;
        this.kw = kw;
        for (String k : kw.keySet()) {
            if (!valid.contains(k)) {
                throw new IllegalArgumentException(loss + ": unknown keyword '" + k + "'; valid keywords: "
                        + new TreeSet<>(valid));
            }
        }
    }

    boolean has(String k) {
        return kw.containsKey(k) && kw.get(k) != null;
    }

    double dbl(String k, double def) {
        Object v = kw.get(k);
        if (v == null) {
            return def;
        }
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        throw bad(k, "a number", v);
    }

    long lng(String k, long def) {
        Object v = kw.get(k);
        if (v == null) {
            return def;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw bad(k, "an integer", v);
    }

    boolean bool(String k, boolean def) {
        Object v = kw.get(k);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(k, "True or False", v);
    }

    String str(String k, String def) {
        Object v = kw.get(k);
        if (v == null) {
            return def;
        }
        if (v instanceof String s) {
            return s;
        }
        throw bad(k, "a quoted string", v);
    }

    Reduction reduction() {
        return Reduction.of(str("reduction", "mean"));
    }

    Mode mode(String def) {
        return Mode.of(str("mode", def));
    }

    /** A float32 tensor from a (possibly nested) list of numbers, or a single number; null if absent. */
    Tensor tensor(String k) {
        Object v = kw.get(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Number num) {
            return Torch.tensor(new float[] {num.floatValue()}, 1);
        }
        if (v instanceof List<?> list) {
            float[] flat = toFloats(k, list);
            return Torch.tensor(flat, flat.length);
        }
        throw bad(k, "a list of numbers", v);
    }

    private float[] toFloats(String k, List<?> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number num)) {
                throw bad(k, "a list of numbers", list);
            }
            out[i] = num.floatValue();
        }
        return out;
    }

    private IllegalArgumentException bad(String k, String expected, Object got) {
        return new IllegalArgumentException(loss + ": " + k + " must be " + expected + ", got " + got);
    }
}
