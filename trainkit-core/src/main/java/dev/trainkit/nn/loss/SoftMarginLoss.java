package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Two-class logistic loss {@code log(1 + exp(-y·x))} with targets ±1, as {@code torch.nn.SoftMarginLoss}.
 *
 * <pre>{@code
 * Loss loss = new SoftMarginLoss();                      // nn.SoftMarginLoss()
 * Loss sum = new SoftMarginLoss(Reduction.SUM);          // nn.SoftMarginLoss(reduction='sum')
 * Tensor l = loss.forward(output, target);   // shapes must be equal
 * }</pre>
 */
public class SoftMarginLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("SoftMarginLoss").param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "logistic loss of labels -1/1",
            k -> new SoftMarginLoss(LossArgs.reduction(k)));


    /** {@code nn.SoftMarginLoss()}: mean reduction. */
    public SoftMarginLoss() {
        super();
    }

    /** {@code nn.SoftMarginLoss(reduction=...)}. */
    public SoftMarginLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("soft_margin_loss", () -> torch.soft_margin_loss(Aten.h(input), Aten.h(target), reduction().atenCode()), input, target);
    }
}
