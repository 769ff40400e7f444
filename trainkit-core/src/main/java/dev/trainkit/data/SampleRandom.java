package dev.trainkit.data;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The random stream that random transforms ({@code RandomResizedCrop}, {@code ColorJitter}, ...)
 * draw from. Inside a {@link DataLoader}, each item gets its own stream seeded from the loader's
 * seed, the epoch and the item's index, so augmentations are the same on every run whatever the
 * number of workers and however the threads interleave. Outside a loader, each thread has a
 * stream seeded by {@link #manualSeed} (0 by default).
 *
 * <pre>{@code
 * SampleRandom.manualSeed(0);                        // like torch.manual_seed(0) for transforms
 * Tensor a = new RandomHorizontalFlip(0.5).apply(img);
 * }</pre>
 *
 * <p>PyTorch draws augmentations from the global torch RNG, reseeded per worker
 * ({@code base_seed + worker_id}), so its augmentations depend on the worker count; TrainKit's do
 * not. The numbers are not the ones PyTorch would draw for the same seed.
 */
public final class SampleRandom {
    private static final ThreadLocal<SplittableRandom> SCOPED = new ThreadLocal<>();
    private static final ThreadLocal<SplittableRandom> THREAD = ThreadLocal.withInitial(() -> new SplittableRandom(0));

    private SampleRandom() {
    }

    /** The stream of the item being loaded on this thread, else this thread's own stream. */
    public static SplittableRandom current() {
        SplittableRandom r = SCOPED.get();
        return r != null ? r : THREAD.get();
    }

    /** Reseeds this thread's own stream (used outside DataLoader items). */
    public static void manualSeed(long seed) {
        THREAD.set(new SplittableRandom(seed));
    }

    /** Runs {@code body} with a fresh stream seeded by {@code seed}, restoring the previous one after. */
    public static <R> R with(long seed, Supplier<R> body) {
        SplittableRandom previous = SCOPED.get();
        SCOPED.set(new SplittableRandom(seed));
        try {
            return body.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }

    /** Mixes seeds into one well-spread 64-bit seed (SplitMix64 finaliser), order-sensitive. */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = (h ^ p) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }
}
