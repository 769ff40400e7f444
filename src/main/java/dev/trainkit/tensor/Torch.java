package dev.trainkit.tensor;

import org.bytedeco.pytorch.global.torch;

/**
 * Process-wide libtorch settings: seeding, threads, version. PyTorch's {@code torch.manual_seed},
 * {@code torch.set_num_threads}, {@code torch.__version__}.
 */
public final class Torch {
    static {
        Natives.ensureLoaded();
    }

    private Torch() {
    }

    /**
     * Seeds libtorch's default CPU generator (and CUDA's, when present), as
     * {@code torch.manual_seed(seed)}: the same seed gives the same random numbers on every run.
     */
    public static void manualSeed(long seed) {
        torch.manual_seed(seed);
    }

    /** Number of intra-op threads libtorch uses, {@code torch.get_num_threads()}. */
    public static int numThreads() {
        return torch.get_num_threads();
    }

    /**
     * Sets the number of intra-op threads, {@code torch.set_num_threads(n)}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setNumThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setNumThreads: n must be >= 1, got " + n);
        }
        torch.set_num_threads(n);
    }

    /** The version of the bundled libtorch presets, e.g. {@code 2.10.0-1.5.13}. */
    public static String version() {
        String v = torch.class.getPackage().getImplementationVersion();
        return v == null ? "2.10.0" : v;
    }
}
