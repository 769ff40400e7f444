package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;

/**
 * Tversky loss {@code 1 − (Σpt + s)/(Σpt + α·Σp(1−t) + β·Σ(1−p)t + s)} (docs/PARITY.md), per
 * class, then the mean over classes; α = β = 0.5 is Dice.
 *
 * <pre>{@code
 * Loss t = new TverskyLoss(Mode.BINARY).alpha(0.3).beta(0.7);   // TverskyLoss(alpha=0.3, beta=0.7)
 * }</pre>
 */
public class TverskyLoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("TverskyLoss", LossArgs.SmoothAndWeight.TAKEN).keywordOnly("alpha", 0.5).keywordOnly("beta", 0.5).build(),
            "Dice with false positives and negatives weighted by alpha and beta",
            k -> LossArgs.segmentation(k, new TverskyLoss(LossArgs.mode(k)).alpha(k.getDouble("alpha")).beta(k.getDouble("beta"))));

    private double alpha = 0.5;
    private double beta = 0.5;

    /** {@code TverskyLoss(mode='binary')}. */
    public TverskyLoss() {
        this(Mode.BINARY);
    }

    /** {@code TverskyLoss(mode=...)}. */
    public TverskyLoss(Mode mode) {
        super(mode);
    }

    /** Weight of false positives ({@code alpha=}, default 0.5). */
    public TverskyLoss alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    /** Weight of false negatives ({@code beta=}, default 0.5). */
    public TverskyLoss beta(double beta) {
        this.beta = beta;
        return this;
    }

    /** Per-class Tversky losses, shape [C]. */
    Tensor perClass(Tensor input, Tensor target) {
        SegmentationInputs in = prepare(input, target);
        Tensor tp = in.classSum(in.p().mul(in.t()));
        Tensor fp = in.classSum(in.p().mul(in.t().rsub(1)));
        Tensor fn = in.classSum(in.p().rsub(1).mul(in.t()));
        Tensor den = tp.add(fp.mul(alpha)).add(fn.mul(beta)).add(smooth());
        return tp.add(smooth()).div(den).rsub(1);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return classMean(perClass(input, target));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", alpha=" + alpha + ", beta=" + beta;
    }
}
