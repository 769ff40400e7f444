package dev.trainkit.optim.lr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lenient readers for state-dict values that may have gone through JSON (package-private). */
final class StateValues {
    private StateValues() {
    }

    static Object require(Map<String, ?> m, String key) {
        if (!m.containsKey(key)) {
            throw new IllegalArgumentException("state_dict: missing key '" + key + "'; present: " + m.keySet());
        }
        return m.get(key);
    }

    static double toDouble(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            switch (s) {
                case "Infinity", "inf":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                case "NaN", "nan":
                    return Double.NaN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a number, got " + v);
    }

    static double getDouble(Map<String, ?> m, String key) {
        return toDouble(key, require(m, key));
    }

    static int getInt(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected an integer, got " + v);
    }

    static boolean getBool(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a boolean, got " + v);
    }

    static String getString(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a string, got " + v);
    }

    static List<Double> getDoubleList(Map<String, ?> m, String key) {
        Object v = require(m, key);
        List<Double> out = new ArrayList<>();
        if (v instanceof double[] a) {
            for (double d : a) {
                out.add(d);
            }
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(toDouble(key, o));
            }
            return out;
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a list of numbers, got " + v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> getMap(String key, Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, ?>) m;
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a map, got " + v);
    }

    static List<?> getList(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("state_dict['" + key + "']: expected a list, got " + v);
    }
}
