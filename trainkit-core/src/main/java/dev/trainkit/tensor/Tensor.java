package dev.trainkit.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * An n-dimensional array on a {@link Device}, with autograd: TrainKit's {@code torch.Tensor}.
 *
 * <p>It wraps a libtorch tensor; every operation is one ATen call, so numbers and gradients are
 * PyTorch's. Methods are PyTorch's names in camelCase; a trailing underscore means in place
 * ({@code add_}, {@code mul_}), as in PyTorch. Creation functions are on {@link Torch}
 * ({@code Torch.zeros(2, 3)}), array conversion is here ({@link #toFloatArray()}).
 *
 * <pre>{@code
 * Tensor w = Torch.randn(3, 2).requiresGrad_(true);   // w = torch.randn(3, 2).requires_grad_()
 * Tensor loss = x.matmul(w).sub(y).pow(2).mean();     // ((x @ w - y) ** 2).mean()
 * loss.backward();
 * float[] g = w.grad().toFloatArray();
 * }</pre>
 *
 * <p>Memory: a tensor's native storage is released when the {@link TensorScope} it was created in
 * closes, or by the garbage collector if it was created outside any scope. Errors from libtorch
 * arrive as {@link TorchException} with a one-line message naming the operands.
 *
 * <p>One long facade on purpose: PyTorch's {@code torch.Tensor} is one type, and so is this.
 */
public class Tensor {
    static {
        Natives.ensureLoaded();
    }

    private final org.bytedeco.pytorch.Tensor h;
    /** Whether {@link #h} was taken from the scope it was created in and given to the collector. */
    private final boolean collectorOwned;

    Tensor(org.bytedeco.pytorch.Tensor handle) {
        this.h = handle;
        this.collectorOwned = false;
    }

    /**
     * A new tensor object sharing {@code data}'s storage and autograd identity, owned by the garbage
     * collector rather than any open {@link TensorScope}: subclasses such as {@code Parameter}
     * use it for state that must outlive training steps.
     */
    protected Tensor(Tensor data) {
        this.h = new org.bytedeco.pytorch.Tensor(data.handle());
        this.collectorOwned = true;
        org.bytedeco.javacpp.PointerScope scope = org.bytedeco.javacpp.PointerScope.getInnerScope();
        if (scope != null) {
            // detach() drops the scope's reference; take one first so the handle survives for the GC
            this.h.retainReference();
            scope.detach(this.h);
        }
    }

    /** Whether no scope owns this tensor: created outside every scope, or handed to the collector. */
    boolean ownedByCollector() {
        return collectorOwned || h.referenceCount() <= 0;
    }

    /** The libtorch handle; throws if the tensor was released by its scope. */
    org.bytedeco.pytorch.Tensor handle() {
        if (h.isNull()) {
            throw new IllegalStateException("tensor used after its TensorScope closed;"
                    + " keep it with scope.keep(t) or create it outside the scope");
        }
        return h;
    }

    static Tensor op(String name, Supplier<org.bytedeco.pytorch.Tensor> f, Tensor... operands) {
        try {
            return new Tensor(f.get());
        } catch (RuntimeException e) {
            throw TorchException.wrap(name, e, operands);
        }
    }

    final Tensor inPlace(String name, Runnable f, Tensor... operands) {
        try {
            f.run();
            return this;
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
        org.bytedeco.pytorch.Tensor t = handle();
        long[] shape = t.sizes().vec().get();
        // sizes() points into the tensor: keep it alive until they are copied
        java.lang.ref.Reference.reachabilityFence(t);
        return shape;
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

    // ---------------------------------------------------------------- arithmetic

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return op("add", () -> handle().add(other.handle()), this, other);
    }

    /** {@code this + alpha * other} ({@code add(other, alpha=alpha)}). */
    public Tensor add(Tensor other, double alpha) {
        return op("add", () -> handle().add(other.handle(), s(alpha)), this, other);
    }

    /** {@code this + v}. */
    public Tensor add(double v) {
        return op("add", () -> handle().add(s(v)), this);
    }

    /** {@code this - other}. */
    public Tensor sub(Tensor other) {
        return op("sub", () -> handle().sub(other.handle()), this, other);
    }

    /** {@code this - v}. */
    public Tensor sub(double v) {
        return op("sub", () -> handle().sub(s(v)), this);
    }

    /** {@code v - this} ({@code torch.rsub}). */
    public Tensor rsub(double v) {
        return op("rsub", () -> torch.rsub(handle(), s(v)), this);
    }

    /** {@code this * other}. */
    public Tensor mul(Tensor other) {
        return op("mul", () -> handle().mul(other.handle()), this, other);
    }

    /** {@code this * v}. */
    public Tensor mul(double v) {
        return op("mul", () -> handle().mul(s(v)), this);
    }

    /** {@code this / other} (true division). */
    public Tensor div(Tensor other) {
        return op("div", () -> handle().div(other.handle()), this, other);
    }

    /** {@code this / v}. */
    public Tensor div(double v) {
        return op("div", () -> handle().div(s(v)), this);
    }

    /** {@code this ** exponent}. */
    public Tensor pow(double exponent) {
        return op("pow", () -> handle().pow(s(exponent)), this);
    }

    /** {@code this ** exponent}, elementwise. */
    public Tensor pow(Tensor exponent) {
        return op("pow", () -> handle().pow(exponent.handle()), this, exponent);
    }

    /** Matrix product with broadcasting ({@code this @ other}). */
    public Tensor matmul(Tensor other) {
        return op("matmul", () -> handle().matmul(other.handle()), this, other);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return op("neg", () -> handle().neg(), this);
    }

    /** Elementwise maximum with {@code other}. */
    public Tensor maximum(Tensor other) {
        return op("maximum", () -> handle().maximum(other.handle()), this, other);
    }

    /** Elementwise minimum with {@code other}. */
    public Tensor minimum(Tensor other) {
        return op("minimum", () -> handle().minimum(other.handle()), this, other);
    }

    /** {@code this} clamped to {@code [min, max]}; NaN bounds mean unbounded. */
    public Tensor clamp(double min, double max) {
        return op("clamp", () -> handle().clamp(opt(min), opt(max)), this);
    }

    /** {@code this} clamped below at {@code min} ({@code clamp(min=min)}). */
    public Tensor clampMin(double min) {
        return op("clamp_min", () -> torch.clamp_min(handle(), s(min)), this);
    }

    /** {@code this} clamped above at {@code max} ({@code clamp(max=max)}). */
    public Tensor clampMax(double max) {
        return op("clamp_max", () -> torch.clamp_max(handle(), s(max)), this);
    }

    // ---------------------------------------------------------------- elementwise math

    /** Absolute value. */
    public Tensor abs() {
        return op("abs", () -> handle().abs(), this);
    }

    /** Exponential. */
    public Tensor exp() {
        return op("exp", () -> handle().exp(), this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return op("log", () -> handle().log(), this);
    }

    /** {@code log(1 + this)}. */
    public Tensor log1p() {
        return op("log1p", () -> handle().log1p(), this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return op("sqrt", () -> handle().sqrt(), this);
    }

    /** Sign (-1, 0, 1). */
    public Tensor sign() {
        return op("sign", () -> handle().sign(), this);
    }

    /** Floor. */
    public Tensor floor() {
        return op("floor", () -> handle().floor(), this);
    }

    /** Round half to even. */
    public Tensor round() {
        return op("round", () -> handle().round(), this);
    }

    /** Sine. */
    public Tensor sin() {
        return op("sin", () -> handle().sin(), this);
    }

    /** Cosine. */
    public Tensor cos() {
        return op("cos", () -> handle().cos(), this);
    }

    /** Whether each element is finite. */
    public Tensor isfinite() {
        return op("isfinite", () -> torch.isfinite(handle()), this);
    }

    /** Whether each element is NaN. */
    public Tensor isnan() {
        return op("isnan", () -> torch.isnan(handle()), this);
    }

    // ---------------------------------------------------------------- activations

    /** ReLU. */
    public Tensor relu() {
        return op("relu", () -> handle().relu(), this);
    }

    /** ReLU in place ({@code relu_()}); returns this tensor. */
    public Tensor relu_() {
        return inPlace("relu_", () -> handle().relu_(), this);
    }

    /** Logistic sigmoid. */
    public Tensor sigmoid() {
        return op("sigmoid", () -> handle().sigmoid(), this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return op("tanh", () -> handle().tanh(), this);
    }

    /** Softmax over {@code dim}. */
    public Tensor softmax(int dim) {
        return op("softmax", () -> handle().softmax(dim), this);
    }

    /** Log-softmax over {@code dim}. */
    public Tensor logSoftmax(int dim) {
        return op("log_softmax", () -> handle().log_softmax(dim), this);
    }

    // ---------------------------------------------------------------- comparisons (bool results)

    /** {@code this == other}. */
    public Tensor eq(Tensor other) {
        return op("eq", () -> handle().eq(other.handle()), this, other);
    }

    /** {@code this == v}. */
    public Tensor eq(double v) {
        return op("eq", () -> handle().eq(s(v)), this);
    }

    /** {@code this != v}. */
    public Tensor ne(double v) {
        return op("ne", () -> handle().ne(s(v)), this);
    }

    /** {@code this < other}. */
    public Tensor lt(Tensor other) {
        return op("lt", () -> handle().lt(other.handle()), this, other);
    }

    /** {@code this < v}. */
    public Tensor lt(double v) {
        return op("lt", () -> handle().lt(s(v)), this);
    }

    /** {@code this <= v}. */
    public Tensor le(double v) {
        return op("le", () -> handle().le(s(v)), this);
    }

    /** {@code this > other}. */
    public Tensor gt(Tensor other) {
        return op("gt", () -> handle().gt(other.handle()), this, other);
    }

    /** {@code this > v}. */
    public Tensor gt(double v) {
        return op("gt", () -> handle().gt(s(v)), this);
    }

    /** {@code this >= v}. */
    public Tensor ge(double v) {
        return op("ge", () -> handle().ge(s(v)), this);
    }

    /** Logical not of a bool tensor. */
    public Tensor logicalNot() {
        return op("logical_not", () -> handle().logical_not(), this);
    }

    /** Whether all elements are close: {@code |a-b| <= atol + rtol*|b|} ({@code torch.allclose}). */
    public boolean allclose(Tensor other, double rtol, double atol) {
        try {
            return handle().allclose(other.handle(), rtol, atol, false);
        } catch (RuntimeException e) {
            throw TorchException.wrap("allclose", e, this, other);
        }
    }

    /** Whether shapes and all elements are equal ({@code torch.equal}). */
    public boolean equal(Tensor other) {
        try {
            return handle().equal(other.handle());
        } catch (RuntimeException e) {
            throw TorchException.wrap("equal", e, this, other);
        }
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements. */
    public Tensor sum() {
        return op("sum", () -> handle().sum(), this);
    }

    /** Sum over {@code dims}. */
    public Tensor sum(long[] dims, boolean keepdim) {
        return op("sum", () -> handle().sum(dims, keepdim, new org.bytedeco.pytorch.ScalarTypeOptional()), this);
    }

    /** Sum over one dimension. */
    public Tensor sum(int dim, boolean keepdim) {
        return sum(new long[] {dim}, keepdim);
    }

    /** Sum over one dimension, which is removed ({@code x.sum(dim)}, keepdim=False). */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return op("mean", () -> handle().mean(), this);
    }

    /** Mean over {@code dims}. */
    public Tensor mean(long[] dims, boolean keepdim) {
        return op("mean", () -> handle().mean(dims, keepdim, new org.bytedeco.pytorch.ScalarTypeOptional()), this);
    }

    /** Mean over one dimension. */
    public Tensor mean(int dim, boolean keepdim) {
        return mean(new long[] {dim}, keepdim);
    }

    /** Mean over one dimension, which is removed ({@code x.mean(dim)}, keepdim=False). */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /** Maximum of all elements. */
    public Tensor max() {
        return op("max", () -> handle().max(), this);
    }

    /** Maximum values over {@code dim} ({@code amax}; use {@link #argmax(int, boolean)} for indices). */
    public Tensor max(int dim, boolean keepdim) {
        return op("amax", () -> torch.amax(handle(), new long[] {dim}, keepdim), this);
    }

    /** Maximum values over one dimension, which is removed ({@code x.amax(dim)}). */
    public Tensor max(int dim) {
        return max(dim, false);
    }

    /** Minimum of all elements. */
    public Tensor min() {
        return op("min", () -> handle().min(), this);
    }

    /** Minimum values over {@code dim} ({@code amin}). */
    public Tensor min(int dim, boolean keepdim) {
        return op("amin", () -> torch.amin(handle(), new long[] {dim}, keepdim), this);
    }

    /** Minimum values over one dimension, which is removed ({@code x.amin(dim)}). */
    public Tensor min(int dim) {
        return min(dim, false);
    }

    /** Index of the maximum of the flattened tensor. */
    public Tensor argmax() {
        return op("argmax", () -> torch.argmax(handle()), this);
    }

    /** Indices of the maxima over {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) {
        return op("argmax", () -> torch.argmax(handle(), new LongOptional(dim), keepdim), this);
    }

    /** Indices of the maxima over one dimension, which is removed ({@code x.argmax(dim)}). */
    public Tensor argmax(int dim) {
        return argmax(dim, false);
    }

    /** Index of the minimum of the flattened tensor ({@code x.argmin()}). */
    public Tensor argmin() {
        return op("argmin", () -> torch.argmin(handle()), this);
    }

    /** Indices of the minima over {@code dim}. */
    public Tensor argmin(int dim, boolean keepdim) {
        return op("argmin", () -> handle().argmin(new LongOptional(dim), keepdim), this);
    }

    /** Indices of the minima over one dimension, which is removed ({@code x.argmin(dim)}). */
    public Tensor argmin(int dim) {
        return argmin(dim, false);
    }

    /** The p-norm of all elements ({@code norm(p)}). */
    public Tensor norm(double p) {
        return op("norm", () -> handle().norm(s(p)), this);
    }

    /** The p-norm over {@code dims}. */
    public Tensor norm(double p, long[] dims, boolean keepdim) {
        return op("norm", () -> handle().norm(new ScalarOptional(s(p)), dims, keepdim), this);
    }

    /** Whether any element is true (non-zero). */
    public boolean any() {
        return op("any", () -> handle().any(), this).handle().item_bool();
    }

    // ---------------------------------------------------------------- shape

    /** A view with a new shape; one size may be -1 ({@code view}). */
    public Tensor view(long... shape) {
        return op("view", () -> handle().view(shape), this);
    }

    /** A tensor with a new shape, copying if needed; one size may be -1 ({@code reshape}). */
    public Tensor reshape(long... shape) {
        return op("reshape", () -> handle().reshape(shape), this);
    }

    /** Reorders dimensions ({@code permute}). */
    public Tensor permute(long... dims) {
        return op("permute", () -> handle().permute(dims), this);
    }

    /** Swaps two dimensions ({@code transpose}). */
    public Tensor transpose(int dim0, int dim1) {
        return op("transpose", () -> handle().transpose(dim0, dim1), this);
    }

    /** Flattens dimensions {@code startDim..endDim} ({@code flatten}). */
    public Tensor flatten(int startDim, int endDim) {
        return op("flatten", () -> handle().flatten(startDim, endDim), this);
    }

    /** Flattens to one dimension. */
    public Tensor flatten() {
        return flatten(0, -1);
    }

    /** Removes all size-1 dimensions. */
    public Tensor squeeze() {
        return op("squeeze", () -> handle().squeeze(), this);
    }

    /** Removes dimension {@code dim} if it has size 1. */
    public Tensor squeeze(int dim) {
        return op("squeeze", () -> handle().squeeze((long) dim), this);
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return op("unsqueeze", () -> handle().unsqueeze(dim), this);
    }

    /** Broadcasts to {@code shape} without copying ({@code expand}); -1 keeps a size. */
    public Tensor expand(long... shape) {
        return op("expand", () -> handle().expand(shape), this);
    }

    /** Tiles the tensor ({@code repeat}). */
    public Tensor repeat(long... repeats) {
        return op("repeat", () -> handle().repeat(repeats), this);
    }

    // ---------------------------------------------------------------- indexing

    /** The slice at {@code index} along {@code dim}, removing that dimension ({@code select}). */
    public Tensor select(int dim, long index) {
        return op("select", () -> handle().select(dim, index), this);
    }

    /** Element or sub-tensor at the given leading indices ({@code t[i, j]}). */
    public Tensor get(long... indices) {
        Tensor t = this;
        for (long i : indices) {
            t = t.select(0, i);
        }
        return t;
    }

    /** {@code t[start:end:step]} along {@code dim} (a view). */
    public Tensor slice(int dim, long start, long end, long step) {
        return op("slice", () -> handle().slice(dim, new LongOptional(start), new LongOptional(end), step), this);
    }

    /** {@code length} elements from {@code start} along {@code dim} (a view; {@code narrow}). */
    public Tensor narrow(int dim, long start, long length) {
        return op("narrow", () -> handle().narrow(dim, start, length), this);
    }

    /** Elements at {@code index} (an int64 vector) along {@code dim} ({@code index_select}). */
    public Tensor indexSelect(int dim, Tensor index) {
        return op("index_select", () -> torch.index_select(handle(), dim, index.handle()), this, index);
    }

    /** Values gathered along {@code dim} at {@code index} ({@code gather}). */
    public Tensor gather(int dim, Tensor index) {
        return op("gather", () -> torch.gather(handle(), dim, index.handle()), this, index);
    }

    /** Elements where {@code mask} is true, flattened ({@code masked_select}). */
    public Tensor maskedSelect(Tensor mask) {
        return op("masked_select", () -> handle().masked_select(mask.handle()), this, mask);
    }

    /** A copy with {@code value} where {@code mask} is true ({@code masked_fill}). */
    public Tensor maskedFill(Tensor mask, double value) {
        return op("masked_fill", () -> handle().masked_fill(mask.handle(), s(value)), this, mask);
    }

    /** Splits into chunks of {@code splitSize} along {@code dim} ({@code split}). */
    public List<Tensor> split(long splitSize, int dim) {
        try {
            return list(handle().split(splitSize, dim));
        } catch (RuntimeException e) {
            throw TorchException.wrap("split", e, this);
        }
    }

    /** Splits into {@code chunks} nearly equal parts along {@code dim} ({@code chunk}). */
    public List<Tensor> chunk(long chunks, int dim) {
        try {
            return list(handle().chunk(chunks, dim));
        } catch (RuntimeException e) {
            throw TorchException.wrap("chunk", e, this);
        }
    }

    private static List<Tensor> list(TensorVector v) {
        List<Tensor> out = new ArrayList<>((int) v.size());
        for (long i = 0; i < v.size(); i++) {
            out.add(new Tensor(new org.bytedeco.pytorch.Tensor(v.get(i))));
        }
        return out;
    }

    // ---------------------------------------------------------------- in place

    /** {@code this += other} in place. */
    public Tensor add_(Tensor other) {
        return inPlace("add_", () -> handle().add_(other.handle()), this, other);
    }

    /** {@code this += alpha * other} in place. */
    public Tensor add_(Tensor other, double alpha) {
        return inPlace("add_", () -> handle().add_(other.handle(), s(alpha)), this, other);
    }

    /** {@code this += v} in place. */
    public Tensor add_(double v) {
        return inPlace("add_", () -> handle().add_(s(v)), this);
    }

    /** {@code this -= other} in place. */
    public Tensor sub_(Tensor other) {
        return inPlace("sub_", () -> handle().sub_(other.handle()), this, other);
    }

    /** {@code this *= other} in place. */
    public Tensor mul_(Tensor other) {
        return inPlace("mul_", () -> handle().mul_(other.handle()), this, other);
    }

    /** {@code this *= v} in place. */
    public Tensor mul_(double v) {
        return inPlace("mul_", () -> handle().mul_(s(v)), this);
    }

    /** {@code this /= other} in place. */
    public Tensor div_(Tensor other) {
        return inPlace("div_", () -> handle().div_(other.handle()), this, other);
    }

    /** {@code this /= v} in place. */
    public Tensor div_(double v) {
        return inPlace("div_", () -> handle().div_(s(v)), this);
    }

    /** {@code this += value * t1 * t2} in place ({@code addcmul_}). */
    public Tensor addcmul_(Tensor t1, Tensor t2, double value) {
        return inPlace("addcmul_", () -> handle().addcmul_(t1.handle(), t2.handle(), s(value)), this, t1, t2);
    }

    /** {@code this += value * t1 / t2} in place ({@code addcdiv_}). */
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) {
        return inPlace("addcdiv_", () -> handle().addcdiv_(t1.handle(), t2.handle(), s(value)), this, t1, t2);
    }

    /** {@code this += weight * (end - this)} in place ({@code lerp_}). */
    public Tensor lerp_(Tensor end, double weight) {
        return inPlace("lerp_", () -> handle().lerp_(end.handle(), s(weight)), this, end);
    }

    /** Square root in place. */
    public Tensor sqrt_() {
        return inPlace("sqrt_", () -> handle().sqrt_(), this);
    }

    /** Clamp in place; NaN bounds mean unbounded. */
    public Tensor clamp_(double min, double max) {
        return inPlace("clamp_", () -> handle().clamp_(opt(min), opt(max)), this);
    }

    /** Copies {@code src} into this tensor in place, broadcasting and converting ({@code copy_}). */
    public Tensor copy_(Tensor src) {
        return inPlace("copy_", () -> handle().copy_(src.handle()), this, src);
    }

    /** Fills with {@code v} in place. */
    public Tensor fill_(double v) {
        return inPlace("fill_", () -> handle().fill_(s(v)), this);
    }

    /** Fills with zeros in place. */
    public Tensor zero_() {
        return inPlace("zero_", () -> handle().zero_(), this);
    }

    /** Fills with U(from, to) samples in place ({@code uniform_}). */
    public Tensor uniform_(double from, double to) {
        return inPlace("uniform_", () -> handle().uniform_(from, to, new org.bytedeco.pytorch.GeneratorOptional()), this);
    }

    /** Fills with N(mean, std) samples in place ({@code normal_}). */
    public Tensor normal_(double mean, double std) {
        return inPlace("normal_", () -> handle().normal_(mean, std, new org.bytedeco.pytorch.GeneratorOptional()), this);
    }
}
