package dev.trainkit.nn.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal parser of DESIGN.md §5 spec strings for losses, {@code Name(kw=value, ...)}, with
 * keyword arguments only. Values: integers (Long), floats (Double), {@code True}/{@code False}
 * (any case), {@code None}, quoted strings, lists and tuples (List). Stands in until the shared
 * {@code dev.trainkit.spec.SpecParser} is wired in.
 */
final class LossSpec {
    final String name;
    final Map<String, Object> kwargs;

    private final String src;
    private int pos;

    private LossSpec(String src) {
        this.src = src;
        this.pos = 0;
        skipWs();
        this.name = ident();
        this.kwargs = new LinkedHashMap<>();
        skipWs();
        if (pos < src.length() && peek() == '(') {
            pos++;
            skipWs();
            while (peek() != ')') {
                int at = pos;
                String key = ident();
                skipWs();
                if (peek() != '=') {
                    throw err("positional arguments are not supported; use keyword=value", at);
                }
                pos++;
                if (kwargs.put(key, value()) != null) {
                    throw err("keyword '" + key + "' given twice", at);
                }
                skipWs();
                if (peek() == ',') {
                    pos++;
                    skipWs();
                } else if (peek() != ')') {
                    throw err("expected ',' or ')'", pos);
                }
            }
            pos++;
        }
        skipWs();
        if (pos < src.length()) {
            throw err("unexpected text after the closing parenthesis", pos);
        }
    }

    static LossSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("loss spec: expected Name(kw=value, ...), got an empty string");
        }
        return new LossSpec(spec.strip());
    }

    private IllegalArgumentException err(String msg, int at) {
        return new IllegalArgumentException("loss spec '" + src + "': " + msg + " at position " + at);
    }

    private char peek() {
        if (pos >= src.length()) {
            throw err("unexpected end", pos);
        }
        return src.charAt(pos);
    }

    private void skipWs() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private String ident() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                || src.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw err("expected a name", pos);
        }
        return src.substring(start, pos);
    }

    private Object value() {
        skipWs();
        char c = peek();
        if (c == '\'' || c == '"') {
            int end = src.indexOf(c, pos + 1);
            if (end < 0) {
                throw err("unterminated string", pos);
            }
            String s = src.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
        if (c == '[' || c == '(') {
            char close = c == '[' ? ']' : ')';
            pos++;
            List<Object> out = new ArrayList<>();
            skipWs();
            while (peek() != close) {
                out.add(value());
                skipWs();
                if (peek() == ',') {
                    pos++;
                    skipWs();
                } else if (peek() != close) {
                    throw err("expected ',' or '" + close + "'", pos);
                }
            }
            pos++;
            return out;
        }
        int start = pos;
        while (pos < src.length() && "+-.eE_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                .indexOf(src.charAt(pos)) >= 0) {
            pos++;
        }
        String tok = src.substring(start, pos);
        switch (tok.toLowerCase(java.util.Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            case "none": return null;
            default:
        }
        try {
            return tok.matches("[+-]?\\d+") ? (Object) Long.parseLong(tok) : (Object) Double.parseDouble(tok);
        } catch (NumberFormatException e) {
            throw err("expected a number, string, True/False, None or list, got '" + tok + "'", start);
        }
    }
}
