package dev.trainkit.hub;

import java.io.IOException;

/**
 * A download that failed for a reason a retry will not fix by itself (HTTP error status, hash
 * mismatch), or that was interrupted after all retries; the message says which, in one line.
 *
 * <pre>{@code
 * try {
 *     new Downloader().download(url, target, "f37072fd");
 * } catch (DownloadException e) {   // torch.hub raises RuntimeError / HTTPError
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure with a one-line reason. */
    public DownloadException(String message) {
        super(message);
    }

    /** A failure with a one-line reason and its cause. */
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
