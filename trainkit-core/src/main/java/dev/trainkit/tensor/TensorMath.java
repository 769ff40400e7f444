package dev.trainkit.tensor;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link Tensor}'s math, each method one ATen call: arithmetic, elementwise functions,
 * activations, comparisons and reductions. Part of {@code Tensor}'s split by responsibility (with
 * {@link TensorCore}); users name {@link Tensor}, the only concrete type. The constructors are
 * package-private, so nothing outside this package extends it directly.
 */
public abstract class TensorMath extends TensorCore {
    TensorMath(org.bytedeco.pytorch.Tensor handle) {
        super(handle);
    }

    TensorMath(TensorCore data) {
        super(data);
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
}
