package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Smooth L1 loss, {@code 0.5·d²/beta} below {@code beta} and {@code |d| - 0.5·beta} above, as
 * {@code torch.nn.SmoothL1Loss(reduction='mean', beta=1.0)}; {@code beta=0} is L1.
 *
 * <pre>{@code
 * Loss s = new SmoothL1Loss().beta(0.5);               // nn.SmoothL1Loss(beta=0.5)
 * }</pre>
 */
public class SmoothL1Loss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("SmoothL1Loss").param("size_average", null).param("reduce", null).param("reduction", "mean").param("beta", 1.0).build(),
            "Huber loss divided by beta",
            k -> new SmoothL1Loss(LossArgs.reduction(k)).beta(k.getDouble("beta")));

    private double beta = 1.0;

    /** {@code nn.SmoothL1Loss()}. */
    public SmoothL1Loss() {
        super();
    }

    /** {@code nn.SmoothL1Loss(reduction=...)}. */
    public SmoothL1Loss(Reduction reduction) {
        super(reduction);
    }

    /** The threshold ({@code beta=}, default 1, must be >= 0). */
    public SmoothL1Loss beta(double beta) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        }
        this.beta = beta;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("smooth_l1_loss", () -> torch.smooth_l1_loss(Aten.h(input), Aten.h(target),
                reduction().atenCode(), beta), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", beta=" + beta;
    }
}
