package dev.trainkit.optim;

import dev.trainkit.tensor.Tensor;

/**
 * Optimizer state (a momentum buffer, Adam's moments, a step counter): shares the given tensor's
 * storage but is owned by the garbage collector, not by the {@link dev.trainkit.tensor.TensorScope}
 * open while {@code step()} runs, so it survives the scope (DESIGN.md §3).
 */
final class StateTensor extends Tensor {
    StateTensor(Tensor t) {
        super(t);
    }

    /** {@code t} if it is already state, else a GC-owned handle on its storage. */
    static Tensor keep(Tensor t) {
        return t instanceof StateTensor ? t : new StateTensor(t);
    }
}
