package dev.trainkit.amp;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A region in which libtorch's autocast runs eligible ops in lower precision, as
 * {@code torch.autocast(device_type, dtype)}: matmul, linear and convolutions in bf16/fp16;
 * reductions, softmax and losses stay in fp32 (libtorch's own op policy, not TrainKit's).
 *
 * <pre>{@code
 * try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {   // with torch.autocast("cpu", torch.bfloat16):
 *     Tensor logits = model.forward(x);                              //     bf16 matmuls
 *     try (Autocast off = Autocast.disable(Device.CPU)) {           //     with torch.autocast("cpu", enabled=False):
 *         Tensor exact = head.forward(features.to(DType.FLOAT32));
 *     }
 * }
 * }</pre>
 *
 * <p>Regions nest and restore the previous state on close, like PyTorch's context manager; the
 * cast cache is cleared when the outermost region closes. Autocast state is per thread. Only
 * the forward pass belongs inside the region; call {@code backward()} after it closes.
 */
public final class Autocast implements AutoCloseable {
    static {
        NativeInterop.ensureLoaded();
    }

    private final DeviceType deviceType;
    private final boolean prevEnabled;
    private final ScalarType prevDtype;
    private final boolean prevCacheEnabled;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Autocast(Device device, boolean enabled, DType dtype, boolean cacheEnabled) {
        this.deviceType = device.isCuda() ? DeviceType.CUDA : DeviceType.CPU;
        this.prevCacheEnabled = torch.is_autocast_cache_enabled();
        this.prevEnabled = torch.is_autocast_enabled(deviceType);
        this.prevDtype = torch.get_autocast_dtype(deviceType);
        torch.set_autocast_enabled(deviceType, enabled);
        if (dtype != null) {
            torch.set_autocast_dtype(deviceType, NativeInterop.scalarType(dtype));
        }
        torch.increment_nesting();
        torch.set_autocast_cache_enabled(cacheEnabled);
    }

    /**
     * Enables autocast on {@code device} with {@code dtype} ({@link DType#BFLOAT16} or
     * {@link DType#FLOAT16}).
     *
     * @throws IllegalArgumentException for any other dtype
     */
    public static Autocast enable(Device device, DType dtype) {
        if (dtype != DType.BFLOAT16 && dtype != DType.FLOAT16) {
            throw new IllegalArgumentException("Autocast dtype: expected bfloat16 or float16, got " + dtype);
        }
        return new Autocast(device, true, dtype, true);
    }

    /** Disables autocast on {@code device} inside an enclosing region ({@code enabled=False}). */
    public static Autocast disable(Device device) {
        return new Autocast(device, false, null, torch.is_autocast_cache_enabled());
    }

    /** A region that keeps the current state (for precisions without autocast, see {@link Precision#autocast}). */
    static Autocast unchanged(Device device) {
        NativeInterop.ensureLoaded();
        DeviceType type = device.isCuda() ? DeviceType.CUDA : DeviceType.CPU;
        return new Autocast(device, torch.is_autocast_enabled(type), null, torch.is_autocast_cache_enabled());
    }

    /** Whether autocast is enabled on {@code device} on this thread. */
    public static boolean isEnabled(Device device) {
        NativeInterop.ensureLoaded();
        return torch.is_autocast_enabled(device.isCuda() ? DeviceType.CUDA : DeviceType.CPU);
    }

    /** The lower-precision dtype autocast uses on {@code device} on this thread. */
    public static DType dtype(Device device) {
        NativeInterop.ensureLoaded();
        return NativeInterop.dtype(torch.get_autocast_dtype(device.isCuda() ? DeviceType.CUDA : DeviceType.CPU));
    }

    /** Restores the state from before this region. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Autocast: must be closed on the thread that opened it");
        }
        closed = true;
        if (torch.decrement_nesting() == 0) {
            torch.clear_cache();
        }
        torch.set_autocast_enabled(deviceType, prevEnabled);
        torch.set_autocast_dtype(deviceType, prevDtype);
        torch.set_autocast_cache_enabled(prevCacheEnabled);
    }
}
