package dev.trainkit.tensor;

/**
 * An error reported by libtorch, with a one-line readable message: the operation, libtorch's own
 * first line (without the C++ backtrace), and the operands' dtypes and shapes. The original
 * exception, with the full native message, is kept as the {@linkplain #getCause() cause}.
 *
 * <p>It extends {@link IllegalArgumentException} because almost every libtorch error is a bad
 * argument (shape, dtype, index); catch it as such.
 */
public class TorchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a readable message and the native cause. */
    public TorchException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates an exception with a readable message. */
    public TorchException(String message) {
        super(message);
    }

    /**
     * Translates a native exception raised by {@code op} on {@code operands}.
     *
     * @param op the PyTorch name of the operation, e.g. {@code "matmul"}
     * @param e the exception JavaCPP raised
     * @param operands the tensors involved, described by dtype and shape in the message
     * @return the exception to throw: a {@code TorchException} for native errors, else {@code e}
     */
    static RuntimeException wrap(String op, RuntimeException e, Tensor... operands) {
        // JavaCPP raises native C++ errors as plain RuntimeExceptions; anything more specific
        // (our own argument checks, a released tensor) is already readable and passes through
        if (e.getClass() != RuntimeException.class) {
            return e;
        }
        StringBuilder sb = new StringBuilder(op).append(": ").append(firstLine(e.getMessage()));
        if (operands != null && operands.length > 0) {
            sb.append(" (operands: ");
            for (int i = 0; i < operands.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(operands[i] == null ? "null" : operands[i].describe());
            }
            sb.append(')');
        }
        return new TorchException(sb.toString(), e);
    }

    /** The first meaningful line of a libtorch message, without the C++ frames. */
    static String firstLine(String msg) {
        if (msg == null || msg.isBlank()) {
            return "libtorch error";
        }
        for (String line : msg.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("Exception raised from") && !l.startsWith("frame #")) {
                return l;
            }
        }
        return msg.strip();
    }
}
