package dev.trainkit.io;

import java.io.IOException;

/**
 * A weights file that cannot be read: truncated, corrupt, or not in the format its reader expects.
 * The message is one line naming the file, what was expected and what was found.
 *
 * <pre>{@code
 * try {
 *     Map<String, Tensor> sd = PthReader.loadStateDict(path);
 * } catch (WeightsFormatException e) {   // torch.load raises RuntimeError / UnpicklingError
 *     System.err.println(e.getMessage()); // "model.pth: storage 'archive/data/3' is missing"
 * }
 * }</pre>
 */
public class WeightsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A format error with a one-line reason. */
    public WeightsFormatException(String message) {
        super(oneLine(message));
    }

    /** A format error with a one-line reason and the low-level cause. */
    public WeightsFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Escapes control characters: names read from a corrupt file must not break the one-line message. */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
