package dev.trainkit.tensor;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * A CPU random number generator of its own (libtorch's {@code CPUGeneratorImpl}, a Mersenne
 * Twister), independent of the global one that {@link Torch#manualSeed} seeds. Ops given a
 * generator draw the same numbers as PyTorch given a {@code torch.Generator} with the same seed
 * and history.
 *
 * <pre>{@code
 * Generator g = new Generator().manualSeed(42);           // g = torch.Generator(); g.manual_seed(42)
 * Tensor perm = Torch.randperm(10, g);                     // torch.randperm(10, generator=g)
 * Tensor draws = Torch.multinomial(weights, 5, true, g);  // torch.multinomial(w, 5, True, generator=g)
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.Generator()} on the CPU. Thread-safe as libtorch's (ops
 * lock the generator while drawing). The native generator is released by the garbage collector.
 */
public final class Generator {
    static {
        Natives.ensureLoaded();
    }

    /** PyTorch's default seed of a new {@code torch.Generator()} ({@code default_rng_seed_val}). */
    public static final long DEFAULT_SEED = 67280421310721L;

    private final org.bytedeco.pytorch.Generator handle;

    /** A generator seeded with PyTorch's default seed, as {@code torch.Generator()}. */
    public Generator() {
        org.bytedeco.pytorch.Generator g = torch.createCPUGenerator(DEFAULT_SEED);
        // a generator outlives training steps: never let an open TensorScope free it
        PointerScope scope = PointerScope.getInnerScope();
        if (scope != null) {
            g.retainReference();
            scope.detach(g);
        }
        this.handle = g;
    }

    /** Reseeds ({@code manual_seed}); returns this. */
    public Generator manualSeed(long seed) {
        handle.set_current_seed(seed);
        return this;
    }

    /** The seed of the last {@link #manualSeed} ({@code initial_seed()}). */
    public long initialSeed() {
        return handle.current_seed();
    }

    org.bytedeco.pytorch.GeneratorOptional optional() {
        return new org.bytedeco.pytorch.GeneratorOptional(handle);
    }

    @Override
    public String toString() {
        return "Generator(seed=" + initialSeed() + ")";
    }
}
