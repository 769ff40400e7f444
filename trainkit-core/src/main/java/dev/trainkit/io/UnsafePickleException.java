package dev.trainkit.io;

/**
 * A pickle that refers to a global outside the state-dict allow-list (for example
 * {@code posix.system} or {@code builtins.eval}): refused before anything is built, exactly where
 * {@code torch.load(f, weights_only=True)} raises {@code UnpicklingError}. TrainKit never executes
 * pickled code; the refusal only makes the reason clear.
 *
 * <pre>{@code
 * try {
 *     PthReader.load(Path.of("evil.pth"));
 * } catch (UnsafePickleException e) {
 *     e.global();   // "posix.system"
 * }
 * }</pre>
 */
public class UnsafePickleException extends WeightsFormatException {
    private static final long serialVersionUID = 1L;

    private final String global;

    /** A refusal of {@code global} ({@code module.name}) with a one-line reason. */
    public UnsafePickleException(String global, String message) {
        super(message);
        this.global = global;
    }

    /** The refused global as {@code module.name}, e.g. {@code "posix.system"}. */
    public String global() {
        return global;
    }
}
