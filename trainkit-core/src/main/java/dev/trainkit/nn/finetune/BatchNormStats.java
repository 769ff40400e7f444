package dev.trainkit.nn.finetune;

/**
 * What freezing does to the running statistics of the BatchNorm layers it selects.
 *
 * <pre>{@code
 * Freezer.freezeAllExcept(model, BatchNormStats.LOCKED, "fc");   // backbone and its statistics frozen
 * Freezer.freeze(model, BatchNormStats.UPDATING, "layer1");       // PyTorch's plain requires_grad_(False)
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code UPDATING} is {@code requires_grad_(False)} alone (statistics
 * still move in {@code train()} mode); {@code LOCKED} also keeps the modules in eval mode, as
 * Lightning's {@code BaseFinetuning.freeze(modules, train_bn=False)}.
 */
public enum BatchNormStats {
    /** Running statistics keep updating in training mode. */
    UPDATING,
    /** The selected BatchNorm modules stay in eval mode: their statistics stay as loaded. */
    LOCKED;

    /** {@code LOCKED} when {@code locked}. */
    public static BatchNormStats of(boolean locked) {
        return locked ? LOCKED : UPDATING;
    }
}
