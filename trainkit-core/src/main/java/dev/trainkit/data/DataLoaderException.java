package dev.trainkit.data;

/**
 * A failure while loading a batch, raised on the consumer's thread with the worker's original
 * exception as its {@linkplain #getCause() cause}, as PyTorch re-raises a worker's exception in
 * the main process.
 *
 * <pre>{@code
 * try {
 *     for (Batch b : loader) { ... }
 * } catch (DataLoaderException e) {
 *     Throwable original = e.getCause();        // e.g. the dataset's IOException
 * }
 * }</pre>
 */
public class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the worker and batch; @param cause the original exception */
    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
