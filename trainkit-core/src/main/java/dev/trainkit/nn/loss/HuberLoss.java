package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Huber loss, quadratic within {@code delta} and linear outside, as
 * {@code torch.nn.HuberLoss(reduction='mean', delta=1.0)}.
 *
 * <pre>{@code
 * Loss huber = new HuberLoss().delta(0.5);             // nn.HuberLoss(delta=0.5)
 * }</pre>
 */
public class HuberLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("HuberLoss").param("reduction", "mean").param("delta", 1.0).build(),
            "squared error below delta, absolute error beyond",
            k -> new HuberLoss(LossArgs.reduction(k)).delta(k.getDouble("delta")));

    private double delta = 1.0;

    /** {@code nn.HuberLoss()}. */
    public HuberLoss() {
        super();
    }

    /** {@code nn.HuberLoss(reduction=...)}. */
    public HuberLoss(Reduction reduction) {
        super(reduction);
    }

    /** The threshold between the quadratic and linear parts ({@code delta=}, default 1, must be > 0). */
    public HuberLoss delta(double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
        }
        this.delta = delta;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("huber_loss", () -> torch.huber_loss(Aten.h(input), Aten.h(target), reduction().atenCode(),
                delta), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", delta=" + delta;
    }
}
