package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Gaussian negative log-likelihood with predicted variance, as
 * {@code torch.nn.GaussianNLLLoss(full=False, eps=1e-6, reduction='mean')}:
 * {@code 0.5·(log var + (input - target)²/var)}, var clamped at {@code eps} without blocking its
 * gradient (as PyTorch). {@code var} is shaped like the input, or like it without the last
 * dimension or with last dimension 1 (one variance per sample).
 *
 * <pre>{@code
 * GaussianNLLLoss g = new GaussianNLLLoss();           // nn.GaussianNLLLoss()
 * Tensor l = g.forward(mean, target, var);             // loss(input, target, var)
 * }</pre>
 */
public class GaussianNLLLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("GaussianNLLLoss").keywordOnly("full", false).keywordOnly("eps", 1e-6)
                    .keywordOnly("reduction", "mean").build(),
            "negative log likelihood of a Gaussian target with predicted variance",
            k -> new GaussianNLLLoss(LossArgs.reduction(k)).full(k.getBool("full")).eps(k.getDouble("eps")));

    private boolean full = false;
    private double eps = 1e-6;

    /** {@code nn.GaussianNLLLoss()}. */
    public GaussianNLLLoss() {
        super();
    }

    /** {@code nn.GaussianNLLLoss(reduction=...)}. */
    public GaussianNLLLoss(Reduction reduction) {
        super(reduction);
    }

    /** Whether to add the constant {@code 0.5·log(2π)} ({@code full=}, default false). */
    public GaussianNLLLoss full(boolean full) {
        this.full = full;
        return this;
    }

    /** Lower clamp of the variance ({@code eps=}, default 1e-6). */
    public GaussianNLLLoss eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Not applicable: this loss takes a variance too; use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("GaussianNLLLoss takes (input, target, var): call forward(input, target, var)");
    }

    /** The loss of {@code input} (predicted mean) against {@code target} with variance {@code var}. */
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        LossChecks.floating(n, "var", var);
        long[] in = input.shape();
        long[] vs = var.shape();
        if (!Arrays.equals(in, vs)) {
            long[] head = Arrays.copyOf(in, in.length - 1);
            if (in.length > 0 && Arrays.equals(head, vs)) {
                var = var.unsqueeze(-1);
            } else if (!(in.length > 0 && vs.length == in.length && vs[vs.length - 1] == 1
                    && Arrays.equals(head, Arrays.copyOf(vs, vs.length - 1)))) {
                throw LossChecks.error(n, "var has shape " + Arrays.toString(vs) + " but input has shape "
                        + Arrays.toString(in) + "; var must be shaped like input, like input without its last"
                        + " dimension, or with last dimension 1");
            }
        }
        Tensor v = var.clone();
        if (NoGrad.run(() -> v.lt(0).any())) {
            throw LossChecks.error(n, "var has negative entries");
        }
        try (NoGrad ng = NoGrad.enter()) {
            v.clamp_(eps, Double.NaN);
        }
        Tensor loss = v.log().add(input.sub(target).pow(2).div(v)).mul(0.5);
        if (full) {
            loss = loss.add(0.5 * Math.log(2 * Math.PI));
        }
        return reduce(loss);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", full=" + full + ", eps=" + eps;
    }
}
