package dev.trainkit.tensor;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.LongOptional;
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
 */
public class Tensor extends TensorMath {
    static {
        Natives.ensureLoaded();
    }

    Tensor(org.bytedeco.pytorch.Tensor handle) {
        super(handle);
    }

    /**
     * A new tensor object sharing {@code data}'s storage and autograd identity, owned by the garbage
     * collector rather than any open {@link TensorScope}: subclasses such as {@code Parameter}
     * use it for state that must outlive training steps.
     */
    protected Tensor(Tensor data) {
        super(data);
    }

    @Override
    final Tensor self() {
        return this;
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
