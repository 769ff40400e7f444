package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Binary cross entropy of probabilities, as {@code torch.nn.BCELoss(weight=None,
 * reduction='mean')}: {@code -w·(t·log p + (1-t)·log(1-p))}, log clamped at -100 as PyTorch does.
 * Input and target have the same shape, both in [0, 1]; the weight broadcasts to the input.
 *
 * <pre>{@code
 * Loss bce = new BCELoss();                            // nn.BCELoss()
 * Tensor l = bce.forward(logits.sigmoid(), mask);
 * }</pre>
 */
public class BCELoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("BCELoss").param("weight", null).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "binary cross entropy of probabilities",
            k -> new BCELoss(LossArgs.reduction(k)).weight(LossArgs.tensor(k, "weight")));


    /** {@code nn.BCELoss()}. */
    public BCELoss() {
        super();
    }

    /** {@code nn.BCELoss(reduction=...)}. */
    public BCELoss(Reduction reduction) {
        super(reduction);
    }

    /** Rescaling weight, broadcastable to the input ({@code weight=}). */
    public BCELoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        LossChecks.unitInterval(n, "input (probabilities)", input, null);
        LossChecks.unitInterval(n, "target", target, null);
        Tensor w = weight() == null ? null : weightLike(input).expand(input.shape());
        return Aten.call("binary_cross_entropy", () -> torch.binary_cross_entropy(Aten.h(input), Aten.h(target),
                Aten.opt(w), reduction().atenCode()), input, target);
    }
}
