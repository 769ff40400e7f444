package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * One-versus-all logistic loss over C labels, as {@code torch.nn.MultiLabelSoftMarginLoss(
 * weight=None, reduction='mean')}: per sample the mean over classes of
 * {@code -w·(y·logσ(x) + (1-y)·logσ(-x))}. Composed from ATen ops exactly as PyTorch's
 * functional version.
 *
 * <pre>{@code
 * Loss m = new MultiLabelSoftMarginLoss().weight(classWeights);
 * Tensor l = m.forward(logits, labels);                // [N, C], labels 0/1
 * }</pre>
 */
public class MultiLabelSoftMarginLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("MultiLabelSoftMarginLoss").param("weight", null).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "per-class logistic loss of multi-label targets",
            k -> new MultiLabelSoftMarginLoss(LossArgs.reduction(k)).weight(LossArgs.tensor(k, "weight")));


    /** {@code nn.MultiLabelSoftMarginLoss()}. */
    public MultiLabelSoftMarginLoss() {
        super();
    }

    /** {@code nn.MultiLabelSoftMarginLoss(reduction=...)}. */
    public MultiLabelSoftMarginLoss(Reduction reduction) {
        super(reduction);
    }

    /** Per-class weights, shape {@code [C]}. */
    public MultiLabelSoftMarginLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        Tensor t = target.to(input.dtype());
        Tensor loss = t.mul(Aten.logSigmoid(input)).add(t.rsub(1).mul(Aten.logSigmoid(input.neg()))).neg();
        if (weight() != null) {
            loss = loss.mul(weightLike(input));
        }
        int classDim = input.dim() - 1;
        loss = loss.sum(classDim, false).div(input.size(classDim));
        return reduce(loss);
    }
}
