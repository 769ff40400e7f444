package dev.trainkit.optim;

import java.util.List;

/**
 * Anything whose parameter groups a learning-rate scheduler can drive: every {@code Optimizer},
 * and the pure-Java simulation used by {@code trainkit schedule}. PyTorch's schedulers only use
 * {@code optimizer.param_groups}; this is that, and nothing more.
 */
public interface HasParamGroups {
    /** The live parameter groups, in order; schedulers mutate their options in place. */
    List<? extends ParamGroup<?>> paramGroups();
}
