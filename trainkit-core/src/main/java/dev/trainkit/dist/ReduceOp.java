package dev.trainkit.dist;

/**
 * How {@link ProcessGroup#allReduce} combines the ranks' tensors ({@code torch.distributed.ReduceOp}).
 *
 * <pre>{@code
 * pg.allReduce(grad, ReduceOp.AVG);   // dist.all_reduce(grad, op=dist.ReduceOp.AVG)
 * }</pre>
 *
 * <p>{@code AVG} is a sum divided by the world size (Gloo has no native average).
 */
public enum ReduceOp {
    /** Element-wise sum. */
    SUM,
    /** Element-wise mean over ranks. */
    AVG,
    /** Element-wise product. */
    PRODUCT,
    /** Element-wise minimum. */
    MIN,
    /** Element-wise maximum. */
    MAX
}
