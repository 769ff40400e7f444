package dev.trainkit.spec;

import java.util.List;

/** Rendering and describing spec values (package-private helpers). */
final class SpecValues {
    private SpecValues() {
    }

    /** Spec syntax for a value. */
    static String render(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof SpecTuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.items().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(render(t.items().get(i)));
            }
            return sb.append(t.items().size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(render(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** A short description of a value and its spec type, for error messages. */
    static String describe(Object v) {
        return render(v) + " (" + typeName(v) + ")";
    }

    static String typeName(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof SpecTuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof SpecCall) {
            return "call";
        }
        return v.getClass().getSimpleName();
    }
}
