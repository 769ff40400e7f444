package dev.trainkit.tensor;

import java.util.Arrays;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;

/**
 * The base of {@link Tensor}: the libtorch handle and the helpers every op goes through, metadata,
 * autograd, conversions and data access. {@code Tensor}'s methods are split by responsibility
 * across this class, {@link TensorMath} and {@code Tensor} itself; users name {@link Tensor}, the
 * only concrete type. The constructors are package-private, so nothing outside this package
 * extends it directly.
 */
public abstract class TensorCore {
    static {
        // Tensor.op(...) initializes only the class declaring op, so load the natives here too
        Natives.ensureLoaded();
    }

    private final org.bytedeco.pytorch.Tensor h;

    TensorCore(org.bytedeco.pytorch.Tensor handle) {
        this.h = handle;
    }

    /** A GC-owned handle on {@code data}'s storage; see {@link Tensor#Tensor(Tensor)}. */
    TensorCore(TensorCore data) {
        this.h = new org.bytedeco.pytorch.Tensor(data.handle());
        org.bytedeco.javacpp.PointerScope scope = org.bytedeco.javacpp.PointerScope.getInnerScope();
        if (scope != null) {
            // detach() drops the scope's reference; take one first so the handle survives for the GC
            this.h.retainReference();
            scope.detach(this.h);
        }
    }

    /** This tensor as a {@link Tensor}, the only concrete subclass. */
    abstract Tensor self();

    /** The libtorch handle; throws if the tensor was released by its scope. */
    org.bytedeco.pytorch.Tensor handle() {
        if (h.isNull()) {
            throw new IllegalStateException("tensor used after its TensorScope closed;"
                    + " keep it with scope.keep(t) or create it outside the scope");
        }
        return h;
    }

    static Tensor op(String name, Supplier<org.bytedeco.pytorch.Tensor> f, TensorCore... operands) {
        try {
            return new Tensor(f.get());
        } catch (RuntimeException e) {
            throw TorchException.wrap(name, e, operands);
        }
    }

    final Tensor inPlace(String name, Runnable f, TensorCore... operands) {
        try {
            f.run();
            return self();
        } catch (RuntimeException e) {
            throw TorchException.wrap(name, e, operands);
        }
    }

    static Scalar s(double v) {
        return new Scalar(v);
    }

    static Scalar s(long v) {
        return new Scalar(v);
    }

    static ScalarOptional opt(double v) {
        return Double.isNaN(v) ? new ScalarOptional() : new ScalarOptional(s(v));
    }

    // ---------------------------------------------------------------- metadata

    /** The sizes of each dimension ({@code tensor.shape}). */
    public long[] shape() {
        return handle().sizes().vec().get();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public long size(int dim) {
        return handle().size(dim);
    }

    /** Number of dimensions. */
    public int dim() {
        return (int) handle().dim();
    }

    /** Number of elements. */
    public long numel() {
        return handle().numel();
    }

    /** The element type. */
    public DType dtype() {
        return DType.of(handle().scalar_type());
    }

    /** The device. */
    public Device device() {
        org.bytedeco.pytorch.Device d = handle().device();
        return d.is_cuda() ? Device.cuda(d.index()) : Device.CPU;
    }

    /** A short description such as {@code float32[2, 3]}, used in error messages. */
    public String describe() {
        if (h.isNull()) {
            return "<released>";
        }
        return dtype() + Arrays.toString(shape());
    }

    /** Whether this tensor's native storage was released (its scope closed). */
    public boolean isReleased() {
        return h.isNull();
    }

    // ---------------------------------------------------------------- autograd

    /** Whether autograd records operations on this tensor. */
    public boolean requiresGrad() {
        return handle().requires_grad();
    }

    /** Sets {@code requires_grad} in place ({@code tensor.requires_grad_(flag)}). */
    public Tensor requiresGrad_(boolean flag) {
        return inPlace("requires_grad_", () -> handle().set_requires_grad(flag), this);
    }

    /** The accumulated gradient, or {@code null} if none ({@code tensor.grad}). */
    public Tensor grad() {
        org.bytedeco.pytorch.Tensor g = handle().grad();
        if (g == null || g.isNull() || !g.defined()) {
            return null;
        }
        // grad() returns a reference to the autograd field: copy the handle so it owns a reference
        return new Tensor(new org.bytedeco.pytorch.Tensor(g));
    }

    /** Sets the gradient; {@code null} clears it ({@code tensor.grad = g}). */
    public void setGrad(Tensor g) {
        try {
            handle().mutable_grad().put(g == null ? new org.bytedeco.pytorch.Tensor() : g.handle());
        } catch (RuntimeException e) {
            throw TorchException.wrap("grad=", e, this, g);
        }
    }

    /** Whether this is a leaf of the autograd graph. */
    public boolean isLeaf() {
        return handle().is_leaf();
    }

    /** Computes gradients of this scalar with respect to the graph's leaves ({@code backward()}). */
    public void backward() {
        try {
            handle().backward();
        } catch (RuntimeException e) {
            throw TorchException.wrap("backward", e, this);
        }
    }

    /** Backward with an explicit upstream gradient ({@code backward(gradient)}). */
    public void backward(Tensor gradient, boolean retainGraph) {
        try {
            handle().backward(gradient.handle(), new org.bytedeco.pytorch.BoolOptional(retainGraph), false,
                    new org.bytedeco.pytorch.TensorArrayRefOptional());
        } catch (RuntimeException e) {
            throw TorchException.wrap("backward", e, this, gradient);
        }
    }

    /**
     * Replaces this tensor's data in place, keeping its identity and {@code requires_grad}
     * ({@code t.data = data}); how {@code Module.to(dtype)} converts parameters without
     * invalidating references held by optimizers.
     */
    public Tensor setData_(Tensor data) {
        return inPlace("set_data", () -> handle().__dispatch_set_data(data.handle()), this, data);
    }

    /** A tensor sharing storage, cut from the graph ({@code detach()}). */
    public Tensor detach() {
        return op("detach", () -> handle().detach(), this);
    }

    /** A copy with its own storage ({@code clone()}); differentiable. */
    public Tensor clone() {
        return op("clone", () -> handle().clone(), this);
    }

    /** Keeps the gradient of a non-leaf ({@code retain_grad()}). */
    public Tensor retainGrad() {
        return inPlace("retain_grad", () -> handle().retain_grad(), this);
    }

    // ---------------------------------------------------------------- conversion

    /** Converts to {@code dtype} ({@code to(dtype)}); returns this if already of that type. */
    public Tensor to(DType dtype) {
        return op("to", () -> handle().to(dtype.scalarType()), this);
    }

    /** Moves to {@code device} ({@code to(device)}). */
    public Tensor to(Device device) {
        return op("to", () -> handle().to(Torch.nativeDevice(device), handle().scalar_type()), this);
    }

    /** A contiguous tensor with the same data. */
    public Tensor contiguous() {
        return op("contiguous", () -> handle().contiguous(), this);
    }

    /** The value of a one-element tensor as a double ({@code item()}). */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: expected a tensor with one element, got " + describe());
        }
        return handle().item_double();
    }

    /** The value of a one-element integer tensor as a long. */
    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalArgumentException("itemLong: expected a tensor with one element, got " + describe());
        }
        return handle().item_long();
    }

    /** All elements, row-major, as floats (converting the dtype if needed). */
    public float[] toFloatArray() {
        return TensorData.toFloatArray(this);
    }

    /** All elements, row-major, as doubles. */
    public double[] toDoubleArray() {
        return TensorData.toDoubleArray(this);
    }

    /** All elements, row-major, as longs (integer and bool tensors; floats are truncated). */
    public long[] toLongArray() {
        return TensorData.toLongArray(this);
    }

    @Override
    public String toString() {
        return h.isNull() ? "tensor(<released>)" : "tensor(" + describe() + ")";
    }
}
