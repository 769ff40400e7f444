package dev.trainkit.tensor;

import java.lang.ref.Reference;
import java.util.function.Supplier;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The explicitly internal escape hatch to libtorch's bytedeco types, for TrainKit's own layers
 * ({@code nn.F}, {@code amp}, {@code io}) and for users who need an ATen op TrainKit does not
 * wrap yet. Everything else in the public API is free of bytedeco types.
 *
 * <pre>{@code
 * Tensor y = NativeInterop.call("erf", () -> torch.erf(NativeInterop.handle(x)), x);
 * }</pre>
 *
 * <p>Calls made through {@link #call} get TrainKit's error translation and scope ownership.
 */
public final class NativeInterop {
    static {
        Natives.ensureLoaded();
    }

    private NativeInterop() {
    }

    /** The libtorch handle of {@code t}; valid while {@code t} is. */
    public static org.bytedeco.pytorch.Tensor handle(Tensor t) {
        return t.handle();
    }

    /** Wraps a libtorch tensor that the caller owns (e.g. just returned by an ATen call). */
    public static Tensor wrap(org.bytedeco.pytorch.Tensor handle) {
        return new Tensor(handle);
    }

    /**
     * Runs an ATen call and wraps its result; a libtorch error becomes a {@link TorchException}
     * naming {@code op} and the operands' dtypes and shapes.
     */
    public static Tensor call(String op, Supplier<org.bytedeco.pytorch.Tensor> f, Tensor... operands) {
        return Tensor.op(op, f, operands);
    }

    /**
     * Runs an ATen call that returns a {@code (Tensor, Tensor)} tuple ({@code torch.sort},
     * {@code linalg_qr}, ...) and wraps both; the tuple's getters point into it, so it is kept
     * alive until both are copied out. Errors are translated as in {@link #call}.
     */
    public static Tensor[] pair(String op, Supplier<T_TensorTensor_T> f, Tensor... operands) {
        Tensor[] out = new Tensor[2];
        run(op, () -> {
            T_TensorTensor_T r = f.get();
            out[0] = new Tensor(new org.bytedeco.pytorch.Tensor(r.get0()));
            out[1] = new Tensor(new org.bytedeco.pytorch.Tensor(r.get1()));
            Reference.reachabilityFence(r);
        }, operands);
        return out;
    }

    /** Runs an ATen call for its side effect with the same error translation. */
    public static void run(String op, Runnable f, Tensor... operands) {
        try {
            f.run();
        } catch (RuntimeException e) {
            throw TorchException.wrap(op, e, operands);
        }
    }

    /** The libtorch scalar type of {@code dtype}. */
    public static ScalarType scalarType(DType dtype) {
        return dtype.scalarType();
    }

    /** The TrainKit dtype of a libtorch scalar type. */
    public static DType dtype(ScalarType st) {
        return DType.of(st);
    }

    /** The libtorch device of {@code device}. */
    public static org.bytedeco.pytorch.Device device(Device device) {
        return Torch.nativeDevice(device);
    }

    /** Makes sure the native libraries are loaded (safe to call any number of times). */
    public static void ensureLoaded() {
        Natives.ensureLoaded();
    }
}
