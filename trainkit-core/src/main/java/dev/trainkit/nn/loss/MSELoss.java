package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Mean squared error {@code (input - target)²}, as {@code torch.nn.MSELoss}. Unlike PyTorch, which warns and broadcasts, differing shapes are an error.
 *
 * <pre>{@code
 * Loss loss = new MSELoss();                      // nn.MSELoss()
 * Loss sum = new MSELoss(Reduction.SUM);          // nn.MSELoss(reduction='sum')
 * Tensor l = loss.forward(output, target);   // shapes must be equal
 * }</pre>
 */
public class MSELoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("MSELoss").param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "mean squared error",
            k -> new MSELoss(LossArgs.reduction(k)));


    /** {@code nn.MSELoss()}: mean reduction. */
    public MSELoss() {
        super();
    }

    /** {@code nn.MSELoss(reduction=...)}. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("mse_loss", () -> torch.mse_loss(Aten.h(input), Aten.h(target), reduction().atenCode()), input, target);
    }
}
