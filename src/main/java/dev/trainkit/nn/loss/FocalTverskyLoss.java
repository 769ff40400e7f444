package dev.trainkit.nn.loss;

import dev.trainkit.tensor.Tensor;

/**
 * Focal Tversky loss: the {@link TverskyLoss} of each class raised to {@code gamma}, then the
 * mean over classes (DESIGN.md §4; defaults alpha = beta = 0.5, gamma = 0.75).
 *
 * <pre>{@code
 * Loss ft = new FocalTverskyLoss(Mode.MULTICLASS).gamma(1.33);  // FocalTverskyLoss(mode='multiclass', gamma=1.33)
 * }</pre>
 */
public class FocalTverskyLoss extends TverskyLoss {
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
