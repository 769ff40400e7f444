package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Sobolev (H¹) loss, {@code MSE(x, y) + λ·(MSE(Δ_h x, Δ_h y) + MSE(Δ_w x, Δ_w y))} with Δ the
 * forward differences along the last two dimensions (docs/PARITY.md): it penalises errors in the
 * gradients of an image as well as in its values.
 *
 * <pre>{@code
 * Loss s = new SobolevLoss().gradWeight(0.5);          // SobolevLoss(grad_weight=0.5)
 * Tensor l = s.forward(prediction, image);             // [..., H, W], H, W >= 2
 * }</pre>
 */
public class SobolevLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("SobolevLoss").keywordOnly("grad_weight", 1.0).build(),
            "squared error of values plus of spatial gradients",
            k -> new SobolevLoss().gradWeight(k.getDouble("grad_weight")));

    private double gradWeight = 1.0;

    /** {@code SobolevLoss()}: λ = 1. */
    public SobolevLoss() {
        super();
    }

    /** The weight λ of the gradient terms ({@code grad_weight=}, default 1). */
    public SobolevLoss gradWeight(double gradWeight) {
        this.gradWeight = gradWeight;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = "SobolevLoss";
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        if (input.dim() < 2 || input.size(-1) < 2 || input.size(-2) < 2) {
            throw LossChecks.error(n, "input must have at least 2 dimensions with the last two of size >= 2, got "
                    + input.describe());
        }
        Tensor mse = mse(input, target);
        Tensor dh = mse(diff(input, input.dim() - 2), diff(target, input.dim() - 2));
        Tensor dw = mse(diff(input, input.dim() - 1), diff(target, input.dim() - 1));
        return mse.add(dh.add(dw).mul(gradWeight));
    }

    private static Tensor diff(Tensor t, int dim) {
        long len = t.size(dim) - 1;
        return t.narrow(dim, 1, len).sub(t.narrow(dim, 0, len));
    }

    private static Tensor mse(Tensor a, Tensor b) {
        return a.sub(b).pow(2).mean();
    }

    @Override
    protected String extraRepr() {
        return "grad_weight=" + gradWeight;
    }
}
