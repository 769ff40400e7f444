package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Sigmoid plus binary cross entropy in one numerically stable op, as
 * {@code torch.nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)}. Targets
 * are in [0, 1] and shaped like the input; {@code pos_weight} (one entry per class, last
 * dimension) weighs the positive term.
 *
 * <pre>{@code
 * Loss bce = new BCEWithLogitsLoss().posWeight(Torch.tensor(new float[] {3f}));  // pos_weight=torch.tensor([3.])
 * Tensor l = bce.forward(logits, mask);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("BCEWithLogitsLoss").param("weight", null).param("size_average", null).param("reduce", null).param("reduction", "mean").param("pos_weight", null).build(),
            "sigmoid + binary cross entropy, numerically stable",
            k -> new BCEWithLogitsLoss(LossArgs.reduction(k)).weight(LossArgs.tensor(k, "weight"))
                    .posWeight(LossArgs.tensor(k, "pos_weight")));

    private Tensor posWeight;

    /** {@code nn.BCEWithLogitsLoss()}. */
    public BCEWithLogitsLoss() {
        super();
    }

    /** {@code nn.BCEWithLogitsLoss(reduction=...)}. */
    public BCEWithLogitsLoss(Reduction reduction) {
        super(reduction);
    }

    /** Rescaling weight, broadcastable to the input ({@code weight=}). */
    public BCEWithLogitsLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    /** Weight of positive examples, broadcastable to the input ({@code pos_weight=}); a buffer. */
    public BCEWithLogitsLoss posWeight(Tensor posWeight) {
        if (posWeight != null && !posWeight.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: pos_weight must be floating-point, got "
                    + posWeight.describe());
        }
        this.posWeight = registerBuffer("pos_weight", posWeight);
        return this;
    }

    /** {@code pos_weight}, or {@code null}. */
    public Tensor posWeight() {
        return posWeight;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        LossChecks.unitInterval(n, "target", target, null);
        Tensor w = weightLike(input);
        Tensor pw = posWeight == null ? null : posWeight.to(input.dtype());
        return Aten.call("binary_cross_entropy_with_logits", () -> torch.binary_cross_entropy_with_logits(
                Aten.h(input), Aten.h(target), Aten.opt(w), Aten.opt(pw), reduction().atenCode()), input, target);
    }
}
