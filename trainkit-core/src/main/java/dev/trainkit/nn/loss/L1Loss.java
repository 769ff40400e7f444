package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Mean absolute error {@code |input - target|}, as {@code torch.nn.L1Loss}. Unlike PyTorch, which warns and broadcasts, differing shapes are an error.
 *
 * <pre>{@code
 * Loss loss = new L1Loss();                      // nn.L1Loss()
 * Loss sum = new L1Loss(Reduction.SUM);          // nn.L1Loss(reduction='sum')
 * Tensor l = loss.forward(output, target);   // shapes must be equal
 * }</pre>
 */
public class L1Loss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("L1Loss").param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "mean absolute error",
            k -> new L1Loss(LossArgs.reduction(k)));


    /** {@code nn.L1Loss()}: mean reduction. */
    public L1Loss() {
        super();
    }

    /** {@code nn.L1Loss(reduction=...)}. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("l1_loss", () -> torch.l1_loss(Aten.h(input), Aten.h(target), reduction().atenCode()), input, target);
    }
}
