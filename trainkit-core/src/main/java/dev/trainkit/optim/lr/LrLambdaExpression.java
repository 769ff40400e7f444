package dev.trainkit.optim.lr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * A small, safe arithmetic expression in {@code epoch}: the {@code lr_lambda} of spec strings
 * for {@link LambdaLR} and {@link MultiplicativeLR}. Nothing is executed but arithmetic.
 *
 * <p>Python semantics, evaluated in double precision: {@code + - * /} ({@code /} is true
 * division), {@code //} and {@code %} floor towards minus infinity (CPython's float algorithm,
 * so {@code 1 // 0.1 == 9.0} and {@code -7 % 3 == 2}), {@code **} is right-associative and
 * binds tighter than a unary minus on its left ({@code -2 ** 2 == -4}, {@code 2 ** -1 == 0.5}),
 * parentheses, numbers ({@code 30}, {@code 0.95}, {@code 1e-3}, {@code .5}), the names
 * {@code epoch}, {@code pi}, {@code e}, and the functions {@code min}, {@code max} (2+ args),
 * {@code exp}, {@code log} (1 or 2 args), {@code cos}, {@code sin}, {@code sqrt}, {@code floor},
 * {@code ceil}, {@code abs}. Division by zero, {@code log} of a non-positive number,
 * {@code sqrt} of a negative one and a negative number to a fractional power raise
 * {@link IllegalArgumentException}, as Python raises.
 *
 * <pre>{@code
 * LrLambdaExpression f = LrLambdaExpression.parse("0.1 ** (epoch // 30)");
 * f.applyAsDouble(65);  // 0.01 (up to rounding: 0.1 ** 2)
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code lr_lambda=lambda epoch: 0.1 ** (epoch // 30)}.
 */
public final class LrLambdaExpression implements IntToDoubleFunction {
    /** Function names the expression may call. */
    public static final Set<String> FUNCTIONS = Set.of("min", "max", "exp", "log", "cos", "sin", "sqrt",
            "floor", "ceil", "abs");

    private final String source;
    private final String variable;
    private final Node root;

    private LrLambdaExpression(String source, String variable, Node root) {
        this.source = source;
        this.variable = variable;
        this.root = root;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException naming the position of a syntax error or an unknown name
     */
    public static LrLambdaExpression parse(String expression) {
        return parse(expression, "epoch");
    }

    /**
     * Parses {@code expression} in the variable {@code variable} instead of {@code epoch}
     * (e.g. {@code x} for CyclicLR's {@code scale_fn}).
     */
    public static LrLambdaExpression parse(String expression, String variable) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("expression: expected an arithmetic expression in '" + variable
                    + "', got " + (expression == null ? "null" : "an empty string"));
        }
        ExpressionParser p = new ExpressionParser(expression, variable);
        return new LrLambdaExpression(expression, variable, p.parseAll());
    }

    /** The value at integer {@code epoch}. */
    @Override
    public double applyAsDouble(int epoch) {
        return evaluate(epoch);
    }

    /** The value at {@code epoch}. */
    public double evaluate(double epoch) {
        try {
            return root.eval(epoch);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expression '" + source + "' at " + variable + "=" + fmt(epoch) + ": "
                    + e.getMessage(), e);
        }
    }

    private static String fmt(double epoch) {
        return epoch == Math.rint(epoch) ? Long.toString((long) epoch) : Double.toString(epoch);
    }

    /** The source text. */
    @Override
    public String toString() {
        return source;
    }

    /** An expression tree node. */
    interface Node {
        double eval(double epoch);
    }

    /** Recursive-descent parser for the expression grammar. */
    private static final class ExpressionParser {
        private final String src;
        private final String variable;
        private int pos;

        ExpressionParser(String src, String variable) {
            this.src = src;
            this.variable = variable;
        }

        Node parseAll() {
            Node n = expr();
            skipWs();
            if (pos < src.length()) {
                throw error("unexpected '" + src.charAt(pos) + "'");
            }
            return n;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("expression: " + what + " at column " + (pos + 1) + " in: " + src);
        }

        private void skipWs() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        private boolean eat(String tok) {
            skipWs();
            if (src.startsWith(tok, pos)) {
                // '*' must not match the start of '**', '/' not the start of '//'
                if ((tok.equals("*") || tok.equals("/")) && src.startsWith(tok + tok, pos)) {
                    return false;
                }
                pos += tok.length();
                return true;
            }
            return false;
        }

        private Node expr() {
            Node left = term();
            while (true) {
                if (eat("+")) {
                    Node l = left, r = term();
                    left = x -> PythonMath.binary("+", l.eval(x), r.eval(x));
                } else if (eat("-")) {
                    Node l = left, r = term();
                    left = x -> PythonMath.binary("-", l.eval(x), r.eval(x));
                } else {
                    return left;
                }
            }
        }

        private Node term() {
            Node left = unary();
            while (true) {
                String op = eat("//") ? "//" : eat("*") ? "*" : eat("/") ? "/" : eat("%") ? "%" : null;
                if (op == null) {
                    return left;
                }
                Node l = left, r = unary();
                left = x -> PythonMath.binary(op, l.eval(x), r.eval(x));
            }
        }

        private Node unary() {
            if (eat("-")) {
                Node n = unary();
                return x -> -n.eval(x);
            }
            if (eat("+")) {
                return unary();
            }
            return power();
        }

        private Node power() {
            Node base = primary();
            if (eat("**")) {
                Node exp = unary(); // right-assoc; the exponent may carry a unary minus
                return x -> PythonMath.power(base.eval(x), exp.eval(x));
            }
            return base;
        }

        private Node primary() {
            skipWs();
            if (pos >= src.length()) {
                throw error("expected a number, 'epoch', a function or '(' but the expression ended");
            }
            char c = src.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = expr();
                if (!eat(")")) {
                    throw error("expected ')'");
                }
                return n;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                String name = src.substring(start, pos);
                skipWs();
                if (pos < src.length() && src.charAt(pos) == '(') {
                    if (!FUNCTIONS.contains(name)) {
                        pos = start;
                        throw error("unknown function '" + name + "'" + dev.trainkit.spec.NameSuggester.didYouMean(name, FUNCTIONS)
                                + "; valid functions: " + new java.util.TreeSet<>(FUNCTIONS));
                    }
                    pos++;
                    List<Node> args = new ArrayList<>();
                    if (!eat(")")) {
                        do {
                            args.add(expr());
                        } while (eat(","));
                        if (!eat(")")) {
                            throw error("expected ',' or ')'");
                        }
                    }
                    return x -> {
                        List<Double> vals = new ArrayList<>(args.size());
                        for (Node a : args) {
                            vals.add(a.eval(x));
                        }
                        return PythonMath.call(name, vals);
                    };
                }
                if (name.equals(variable)) {
                    return x -> x;
                }
                switch (name) {
                    case "pi":
                        return x -> Math.PI;
                    case "e":
                        return x -> Math.E;
                    default:
                        pos = start;
                        throw error("unknown name '" + name + "'"
                                + dev.trainkit.spec.NameSuggester.didYouMean(name, List.of(variable, "pi", "e"))
                                + "; valid names: " + variable + ", pi, e");
                }
            }
            throw error("unexpected '" + c + "'");
        }

        private Node number() {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
                    && pos + 1 < src.length() && (Character.isDigit(src.charAt(pos + 1))
                    || ((src.charAt(pos + 1) == '-' || src.charAt(pos + 1) == '+') && pos + 2 < src.length()
                    && Character.isDigit(src.charAt(pos + 2))))) {
                pos += 2;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            }
            String text = src.substring(start, pos);
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("malformed number '" + text + "'");
            }
            if (text.equals(".")) {
                pos = start;
                throw error("malformed number '.'");
            }
            return x -> v;
        }
    }
}
