package dev.trainkit.nn.loss;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.Objects;

/**
 * Base class of class-style losses, as PyTorch's {@code nn.modules.loss._WeightedLoss}: a
 * {@link Module} with a {@link Reduction}, optional per-class weights (a buffer, so
 * {@code to(device)} moves them) and a {@link #forward(Tensor, Tensor)}.
 *
 * <p>A user loss is a few lines, e.g. the book's Dice loss:
 * <pre>{@code
 * class MyDice extends Loss {
 *     public Tensor forward(Tensor input, Tensor target) {
 *         Tensor p = input.sigmoid();
 *         Tensor inter = p.mul(target).sum();
 *         return inter.mul(2).add(1).div(p.sum().add(target.sum()).add(1)).rsub(1);
 *     }
 * }
 * Loss loss = new MyDice().times(0.5).plus(new BCEWithLogitsLoss());   // 0.5 * dice + bce
 * }</pre>
 */
public abstract class Loss extends Module implements LossFunction {
    private final Reduction reduction;
    private Tensor weight;

    /** A loss with {@code reduction='mean'}. */
    protected Loss() {
        this(Reduction.MEAN);
    }

    /** A loss with the given reduction. */
    protected Loss(Reduction reduction) {
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    /** The loss of {@code input} against {@code target} ({@code loss(input, target)} in PyTorch). */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** Same as {@link #forward(Tensor, Tensor)}, so a loss object is a {@link LossFunction}. */
    @Override
    public final Tensor apply(Tensor input, Tensor target) {
        return forward(input, target);
    }

    /** The reduction ({@code loss.reduction}). */
    public Reduction reduction() {
        return reduction;
    }

    /** The per-class (or per-element) weight buffer, or {@code null} ({@code loss.weight}). */
    public Tensor weight() {
        return weight;
    }

    /**
     * Sets the weight buffer (registered as buffer {@code weight}); {@code null} removes it.
     * Subclasses that accept weights expose a public fluent setter calling this.
     */
    protected void setWeight(Tensor w) {
        if (w != null && !w.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": weight must be a floating-point tensor, got " + w.describe());
        }
        this.weight = registerBuffer("weight", w);
    }

    /** The weight converted to {@code like}'s dtype (libtorch needs them equal), or {@code null}. */
    protected Tensor weightLike(Tensor like) {
        return weight == null ? null : weight.to(like.dtype());
    }

    /** Reduces elementwise losses by {@link #reduction()}. */
    protected Tensor reduce(Tensor elementwise) {
        return switch (reduction) {
            case NONE -> elementwise;
            case MEAN -> elementwise.mean();
            case SUM -> elementwise.sum();
        };
    }

    /** This loss scaled by {@code factor}, as one loss object ({@code factor * loss}). */
    public Loss times(double factor) {
        return new WeightedSumLoss().add(factor, this);
    }

    /** The sum of this loss and {@code other}, as one loss object ({@code self + other}). */
    public Loss plus(LossFunction other) {
        return plus(1.0, other);
    }

    /** {@code self + factor * other} as one loss object. */
    public Loss plus(double factor, LossFunction other) {
        return new WeightedSumLoss().add(1.0, this).add(factor, other);
    }

    @Override
    protected String extraRepr() {
        return "reduction='" + reduction.pyName() + "'";
    }
}
