package dev.trainkit.nn;

import java.math.BigDecimal;
import java.util.Map;

/** Formats values as Python's {@code repr} does, so {@code toString()} matches PyTorch's module repr. */
final class PyRepr {
    private PyRepr() {
    }

    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** {@code (3, 3)}, {@code (3,)}. */
    static String tuple(long[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /**
     * What the user gave, as PyTorch's pooling layers keep it: one value prints as an int, more
     * as a tuple.
     */
    static String given(long[] v) {
        return v.length == 1 ? Long.toString(v[0]) : tuple(v);
    }

    /** Python's float repr: {@code 1e-05}, {@code 0.1}, {@code 1.0}, {@code None} for null. */
    static String flt(Double d) {
        if (d == null) {
            return "None";
        }
        double x = d;
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the leading digit
        String sign = x < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format("%02d", Math.abs(exp));
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }

    /**
     * A module as PyTorch prints it: {@code Name(extra)} for a leaf, else the extra text and one
     * indented {@code (name): child} line per child.
     */
    static String module(String name, String extra, Map<String, Module> children) {
        if (children.isEmpty()) {
            return name + "(" + extra + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(");
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra);
        }
        children.forEach((k, m) -> sb.append("\n  (").append(k).append("): ")
                .append(String.valueOf(m).replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
