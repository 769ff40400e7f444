package dev.trainkit.spec;

/**
 * A malformed spec string or spec argument. The message names what was expected and, for
 * syntax errors, shows the column with a caret under the offending character.
 *
 * <pre>{@code
 * try { SpecParser.parse("StepLR(step_size=3,"); }
 * catch (SpecException e) { System.err.println(e.getMessage()); }
 * // expected a value at column 20 in: StepLR(step_size=3,
 * //                                                      ^
 * }</pre>
 *
 * <p>PyTorch equivalent: the {@code SyntaxError}/{@code TypeError} Python raises for a bad call.
 */
public class SpecException extends IllegalArgumentException {
    private final int column;

    /** An error not tied to a position (column is -1). */
    public SpecException(String message) {
        super(message);
        this.column = -1;
    }

    /** A syntax error at 0-based {@code index} of {@code source}. */
    public SpecException(String what, String source, int index) {
        super(what + " at column " + (index + 1) + " in: " + source + "\n"
                + " ".repeat(prefixLength(what, index)) + "^");
        this.column = index + 1;
    }

    private static int prefixLength(String what, int index) {
        return (what + " at column " + (index + 1) + " in: ").length() + index;
    }

    /** The 1-based column of a syntax error, or -1. */
    public int column() {
        return column;
    }
}
