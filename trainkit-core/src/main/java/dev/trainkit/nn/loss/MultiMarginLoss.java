package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-class hinge loss {@code Σ_{i≠y} max(0, margin - x[y] + x[i])^p / C}, as
 * {@code torch.nn.MultiMarginLoss(p=1, margin=1.0, weight=None, reduction='mean')}.
 * Input {@code [N, C]} or {@code [C]}, target int64 class indices.
 *
 * <pre>{@code
 * Loss m = new MultiMarginLoss().p(2).margin(0.5);     // nn.MultiMarginLoss(p=2, margin=0.5)
 * }</pre>
 */
public class MultiMarginLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("MultiMarginLoss").param("p", 1).param("margin", 1.0).param("weight", null).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "multi-class hinge loss",
            k -> new MultiMarginLoss(LossArgs.reduction(k)).p(k.getLong("p")).margin(k.getDouble("margin"))
                    .weight(LossArgs.tensor(k, "weight")));

    private long p = 1;
    private double margin = 1.0;

    /** {@code nn.MultiMarginLoss()}. */
    public MultiMarginLoss() {
        super();
    }

    /** {@code nn.MultiMarginLoss(reduction=...)}. */
    public MultiMarginLoss(Reduction reduction) {
        super(reduction);
    }

    /** The exponent {@code p=}, 1 or 2 (default 1). */
    public MultiMarginLoss p(long p) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("MultiMarginLoss: p must be 1 or 2, got " + p);
        }
        this.p = p;
        return this;
    }

    /** {@code margin=} (default 1). */
    public MultiMarginLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    /** Per-class weights, shape {@code [C]}. */
    public MultiMarginLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        if (input.dim() > 2) {
            throw LossChecks.error(n, "input must be [C] or [N, C], got " + input.describe());
        }
        int classDim = input.dim() - 1;
        long c = input.size(classDim);
        LossChecks.classWeight(n, weight(), c);
        LossChecks.classIndices(n, target, LossChecks.withoutDim(input.shape(), classDim), c, null, input.describe());
        Tensor w = weightLike(input);
        return Aten.call("multi_margin_loss", () -> torch.multi_margin_loss(Aten.h(input), Aten.h(target),
                new Scalar(p), new Scalar(margin), Aten.opt(w), reduction().atenCode()), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", p=" + p + ", margin=" + margin;
    }
}
