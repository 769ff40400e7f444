package dev.trainkit.dist;

import java.util.OptionalInt;

/**
 * A distributed job cannot go on: a peer died or stopped answering, rendezvous timed out, or
 * a collective failed. When TrainKit could tell which rank was lost, {@link #lostRank()} names
 * it and the message says so ({@code "... lost rank 1 ..."}).
 *
 * <pre>{@code
 * try {
 *     ddp.backward(loss);
 * } catch (DistributedException e) {
 *     System.err.println(e.getMessage());   // allReduce failed: lost rank 1 (...)
 *     System.exit(1);
 * }
 * // PyTorch raises torch.distributed.DistBackendError / RuntimeError from the collective
 * }</pre>
 */
public class DistributedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int lostRank;

    /** A failure that names no rank. */
    public DistributedException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    /** A failure caused by the loss of {@code lostRank} (-1 when unknown). */
    public DistributedException(String message, int lostRank, Throwable cause) {
        super(message, cause);
        this.lostRank = lostRank;
    }

    /** The rank that died or stopped answering, if known. */
    public OptionalInt lostRank() {
        return lostRank < 0 ? OptionalInt.empty() : OptionalInt.of(lostRank);
    }
}
