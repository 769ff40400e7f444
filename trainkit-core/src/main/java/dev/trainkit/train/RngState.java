package dev.trainkit.train;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.global.torch;

/**
 * Saves and restores libtorch's default CPU generator ({@code torch.get_rng_state()} /
 * {@code torch.set_rng_state(state)}): the uint8 state tensor of the Mersenne Twister behind
 * dropout and random initialisation. Checkpoints store it so a resumed run draws the same
 * random numbers as an uninterrupted one.
 *
 * <pre>{@code
 * Tensor s = RngState.get();     // torch.get_rng_state()
 * ... Torch.rand(3) ...
 * RngState.set(s);               // torch.set_rng_state(s): the same numbers again
 * }</pre>
 */
public final class RngState {
    static {
        NativeInterop.ensureLoaded();
    }

    private RngState() {
    }

    /** A copy of the default CPU generator's state (uint8). */
    public static Tensor get() {
        Generator g = torch.getDefaultCPUGenerator();
        synchronized (RngState.class) {
            return NativeInterop.call("get_rng_state", g::get_state).clone();
        }
    }

    /** Restores a state returned by {@link #get()}. */
    public static void set(Tensor state) {
        Generator g = torch.getDefaultCPUGenerator();
        synchronized (RngState.class) {
            NativeInterop.run("set_rng_state", () -> g.set_state(NativeInterop.handle(state)), state);
        }
    }
}
