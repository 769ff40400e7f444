package dev.trainkit.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Parses spec strings: one Python call {@code Name(pos, ..., kw=value, ...)} or a bare
 * {@code Name} (no arguments). See {@link SpecCall} for the value types.
 *
 * <p>Grammar: integers ({@code 30}, {@code -2}) become {@link Long}; floats ({@code 1e-3},
 * {@code .5}, {@code -2.0}, {@code 1.}) {@link Double}; {@code True/False/true/false}
 * {@link Boolean}; {@code None} {@code null}; {@code '..'} or {@code ".."} strings with
 * backslash escapes ({@code \n \t \\ \' \"}); {@code [...]} lists; {@code (...)} tuples
 * ({@link SpecTuple}; {@code (x)} is just {@code x}, {@code (x,)} a one-tuple); nested calls.
 * A trailing comma is allowed. A positional argument after a keyword argument and a repeated
 * keyword are errors, as in Python.
 *
 * <pre>{@code
 * SpecCall c = SpecParser.parse("SequentialLR(schedulers=[LinearLR(start_factor=0.1), CosineAnnealingLR(T_max=95)], milestones=[5])");
 * }</pre>
 *
 * <p>PyTorch equivalent: writing the constructor call in Python, e.g.
 * {@code StepLR(optimizer, step_size=30, gamma=0.1)} without the optimizer.
 */
public final class SpecParser {
    private final String src;
    private int pos;

    private SpecParser(String src) {
        this.src = src;
    }

    /**
     * Parses {@code spec}.
     *
     * @throws SpecException if it is not one well-formed call
     */
    public static SpecCall parse(String spec) {
        if (spec == null) {
            throw new SpecException("spec: expected a string like 'Name(key=value, ...)', got null");
        }
        SpecParser p = new SpecParser(spec);
        p.skipWs();
        if (p.pos >= spec.length()) {
            throw new SpecException("spec: expected a name like 'Name(key=value, ...)', got an empty string");
        }
        String name = p.identifier("a name");
        SpecCall call = p.peek() == '(' ? p.callRest(name) : SpecCall.of(name);
        p.skipWs();
        if (p.pos < spec.length()) {
            throw p.error("unexpected '" + spec.charAt(p.pos) + "' after the end of the call");
        }
        return call;
    }

    /**
     * Parses a single value (a number, string, list, tuple, call, ...) as it would appear as an
     * argument, e.g. {@code "[0.1, 0.2]"}.
     */
    public static Object parseValue(String text) {
        if (text == null) {
            throw new SpecException("value: expected a spec value, got null");
        }
        SpecParser p = new SpecParser(text);
        Object v = p.value();
        p.skipWs();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' after the value");
        }
        return v;
    }

    private SpecException error(String what) {
        return new SpecException(what, src, Math.min(pos, src.length()));
    }

    private char peek() {
        skipWs();
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void skipWs() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'" + found());
        }
        pos++;
    }

    private String found() {
        return pos >= src.length() ? " but the spec ended" : " but found '" + src.charAt(pos) + "'";
    }

    private String identifier(String what) {
        skipWs();
        int start = pos;
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return src.substring(start, pos);
        }
        throw error("expected " + what + found());
    }

    private SpecCall callRest(String name) {
        expect('(');
        List<Object> args = new ArrayList<>();
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>();
        while (peek() != ')') {
            if (pos >= src.length()) {
                throw error("expected ')'");
            }
            int argStart = pos;
            String kw = keywordAhead();
            if (kw != null) {
                if (kwargs.containsKey(kw)) {
                    pos = argStart;
                    throw error("keyword argument '" + kw + "' repeated");
                }
                kwargs.put(kw, value());
            } else {
                if (!kwargs.isEmpty()) {
                    throw error("positional argument follows keyword argument");
                }
                args.add(value());
            }
            if (peek() == ',') {
                pos++;
            } else if (peek() != ')') {
                throw error("expected ',' or ')'" + found());
            }
        }
        pos++;
        return new SpecCall(name, args, kwargs);
    }

    /** If the input continues with {@code ident =} (not {@code ==}), consumes it and returns ident. */
    private String keywordAhead() {
        int save = pos;
        skipWs();
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            String id = identifier("a keyword");
            if (peek() == '=' && (pos + 1 >= src.length() || src.charAt(pos + 1) != '=')) {
                pos++;
                return id;
            }
        }
        pos = save;
        return null;
    }

    private Object value() {
        char c = peek();
        if (pos >= src.length()) {
            throw error("expected a value");
        }
        if (c == '[') {
            pos++;
            return sequence(']');
        }
        if (c == '(') {
            pos++;
            int save = pos;
            if (peek() == ')') {
                pos++;
                return new SpecTuple(List.of());
            }
            pos = save;
            Object first = value();
            if (peek() == ')') {
                pos++;
                return first; // (x) is a parenthesised value, as in Python
            }
            expect(',');
            List<Object> rest = sequence(')');
            List<Object> items = new ArrayList<>();
            items.add(first);
            items.addAll(rest);
            return new SpecTuple(items);
        }
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            String id = identifier("a value");
            if (peek() == '(') {
                return callRest(id);
            }
            return switch (id) {
                case "True", "true" -> Boolean.TRUE;
                case "False", "false" -> Boolean.FALSE;
                case "None" -> null;
                default -> SpecCall.of(id);
            };
        }
        throw error("expected a value" + found());
    }

    private List<Object> sequence(char close) {
        List<Object> items = new ArrayList<>();
        while (peek() != close) {
            if (pos >= src.length()) {
                throw error("expected '" + close + "'");
            }
            items.add(value());
            if (peek() == ',') {
                pos++;
            } else if (peek() != close) {
                throw error("expected ',' or '" + close + "'" + found());
            }
        }
        pos++;
        return items;
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= src.length()) {
                    break;
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\', '\'', '"' -> sb.append(e);
                    default -> sb.append('\\').append(e); // Python keeps unknown escapes verbatim
                }
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("unterminated string starting");
    }

    private Object number() {
        int start = pos;
        if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
            pos++;
            skipWs();
        }
        int digitsStart = pos;
        boolean isFloat = false;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos == digitsStart || (pos == digitsStart + 1 && src.charAt(digitsStart) == '.')) {
            pos = digitsStart;
            throw error("expected a number");
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            isFloat = true;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '-' || src.charAt(pos) == '+')) {
                pos++;
            }
            int expStart = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos == expStart) {
                throw error("expected exponent digits");
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error("unexpected '" + src.charAt(pos) + "' in a number");
        }
        String text = src.substring(start, pos).replace("_", "").replaceAll("\\s", "");
        try {
            return isFloat ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("number out of range");
        }
    }
}
