package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;

/**
 * Focal Tversky loss: the {@link TverskyLoss} of each class raised to {@code gamma}, then the
 * mean over classes (docs/PARITY.md; defaults alpha = beta = 0.5, gamma = 0.75).
 *
 * <pre>{@code
 * Loss ft = new FocalTverskyLoss(Mode.MULTICLASS).gamma(1.33);  // FocalTverskyLoss(mode='multiclass', gamma=1.33)
 * }</pre>
 */
public class FocalTverskyLoss extends TverskyLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("FocalTverskyLoss", LossArgs.SmoothAndWeight.TAKEN).keywordOnly("alpha", 0.5).keywordOnly("beta", 0.5)
                    .keywordOnly("gamma", 0.75).build(),
            "Tversky loss raised to gamma, focusing on hard examples",
            k -> LossArgs.segmentation(k, ((FocalTverskyLoss) new FocalTverskyLoss(LossArgs.mode(k)).alpha(k.getDouble("alpha"))
                    .beta(k.getDouble("beta"))).gamma(k.getDouble("gamma"))));

    private double gamma = 0.75;

    /** {@code FocalTverskyLoss(mode='binary')}. */
    public FocalTverskyLoss() {
        this(Mode.BINARY);
    }

    /** {@code FocalTverskyLoss(mode=...)}. */
    public FocalTverskyLoss(Mode mode) {
        super(mode);
    }

    /** The exponent ({@code gamma=}, default 0.75). */
    public FocalTverskyLoss gamma(double gamma) {
        this.gamma = gamma;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return classMean(perClass(input, target).pow(gamma));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", gamma=" + gamma;
    }
}
