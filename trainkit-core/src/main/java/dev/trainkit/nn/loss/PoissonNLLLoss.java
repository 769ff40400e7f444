package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Negative log-likelihood of a Poisson target, as {@code torch.nn.PoissonNLLLoss(log_input=True,
 * full=False, eps=1e-8, reduction='mean')}: {@code exp(input) - target·input} for log inputs,
 * {@code input - target·log(input + eps)} otherwise; {@code full} adds Stirling's term.
 *
 * <pre>{@code
 * Loss p = new PoissonNLLLoss().logInput(false).full(true);  // nn.PoissonNLLLoss(log_input=False, full=True)
 * }</pre>
 */
public class PoissonNLLLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("PoissonNLLLoss").param("log_input", true).param("full", false).param("size_average", null).param("eps", 1e-8).param("reduce", null).param("reduction", "mean").build(),
            "negative log likelihood of a Poisson target",
            k -> new PoissonNLLLoss(LossArgs.reduction(k)).logInput(k.getBool("log_input"))
                    .full(k.getBool("full")).eps(k.getDouble("eps")));

    private boolean logInput = true;
    private boolean full = false;
    private double eps = 1e-8;

    /** {@code nn.PoissonNLLLoss()}. */
    public PoissonNLLLoss() {
        super();
    }

    /** {@code nn.PoissonNLLLoss(reduction=...)}. */
    public PoissonNLLLoss(Reduction reduction) {
        super(reduction);
    }

    /** Whether the input is the log of the rate ({@code log_input=}, default true). */
    public PoissonNLLLoss logInput(boolean logInput) {
        this.logInput = logInput;
        return this;
    }

    /** Whether to add the Stirling approximation term ({@code full=}, default false). */
    public PoissonNLLLoss full(boolean full) {
        this.full = full;
        return this;
    }

    /** Added inside the log when {@code log_input=False} ({@code eps=}, default 1e-8). */
    public PoissonNLLLoss eps(double eps) {
        this.eps = eps;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        LossChecks.floating(n, "target", target);
        return Aten.call("poisson_nll_loss", () -> torch.poisson_nll_loss(Aten.h(input), Aten.h(target), logInput,
                full, eps, reduction().atenCode()), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", log_input=" + logInput + ", full=" + full + ", eps=" + eps;
    }
}
