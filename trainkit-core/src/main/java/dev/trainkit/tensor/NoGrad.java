package dev.trainkit.tensor;

import java.util.function.Supplier;
import org.bytedeco.pytorch.GradMode;

/**
 * Disables gradient recording on the current thread, as {@code with torch.no_grad():}.
 *
 * <pre>{@code
 * try (NoGrad ng = NoGrad.enter()) {
 *     logits = model.forward(x);
 * }
 * Tensor y = NoGrad.run(() -> model.forward(x));
 * }</pre>
 *
 * <p>Restores the previous state on close, so guards nest.
 */
public final class NoGrad implements AutoCloseable {
    static {
        Natives.ensureLoaded();
    }

    private final boolean previous;
    private boolean closed;

    private NoGrad(boolean enabled) {
        this.previous = GradMode.is_enabled();
        GradMode.set_enabled(enabled);
    }

    /** Disables gradients until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad(false);
    }

    /** Enables gradients until {@link #close()} ({@code torch.enable_grad()}). */
    public static NoGrad enableGrad() {
        return new NoGrad(true);
    }

    /** Runs {@code body} with gradients disabled and returns its result. */
    public static <T> T run(Supplier<T> body) {
        try (NoGrad ignored = enter()) {
            return body.get();
        }
    }

    /** Runs {@code body} with gradients disabled. */
    public static void run(Runnable body) {
        try (NoGrad ignored = enter()) {
            body.run();
        }
    }

    /** Whether gradient recording is enabled on this thread ({@code torch.is_grad_enabled()}). */
    public static boolean isGradEnabled() {
        return GradMode.is_enabled();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            GradMode.set_enabled(previous);
        }
    }
}
