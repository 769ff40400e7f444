package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;

/**
 * Focal loss of Lin et al. (docs/PARITY.md). Binary and multilabel mode: the mean over elements
 * of {@code α_t·(1−p_t)^γ·BCEWithLogits(x, t)}, α_t = α·t + (1−α)(1−t), α &lt; 0 disabling the
 * weighting: exactly {@code torchvision.ops.sigmoid_focal_loss(x, t, alpha, gamma, reduction)}.
 * Multiclass mode: the mean over non-ignored positions of {@code −w_y·(1−p_y)^γ·log p_y}
 * (softmax over dim 1, optional class weights w; α is not used). It has no {@code smooth}; class
 * weights apply to multiclass mode only (binary and multilabel weight positives by α), and a
 * weight given in another mode is an error.
 *
 * <pre>{@code
 * Loss focal = new FocalLoss(Mode.BINARY);                     // sigmoid_focal_loss(x, t, reduction='mean')
 * Loss mc = new FocalLoss(Mode.MULTICLASS).gamma(1.0).weight(w);
 * }</pre>
 */
public class FocalLoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("FocalLoss", LossArgs.SmoothAndWeight.WEIGHT_ONLY).keywordOnly("alpha", 0.25).keywordOnly("gamma", 2.0)
                    .keywordOnly("reduction", "mean").build(),
            "cross entropy down-weighting easy pixels (RetinaNet's focal loss)",
            k -> LossArgs.segmentation(k, new FocalLoss(LossArgs.mode(k), LossArgs.reduction(k)).alpha(k.getDouble("alpha"))
                    .gamma(k.getDouble("gamma"))));

    private double alpha = 0.25;
    private double gamma = 2.0;

    /** {@code FocalLoss(mode='binary')}. */
    public FocalLoss() {
        this(Mode.BINARY);
    }

    /** {@code FocalLoss(mode=...)}. */
    public FocalLoss(Mode mode) {
        this(mode, Reduction.MEAN);
    }

    /** {@code FocalLoss(mode=..., reduction=...)}; {@code none} keeps one value per position (0 where ignored). */
    public FocalLoss(Mode mode, Reduction reduction) {
        super(mode, reduction);
    }

    /** Balance of positives ({@code alpha=}, default 0.25; negative disables). Binary/multilabel only. */
    public FocalLoss alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    /** Focusing exponent ({@code gamma=}, default 2). */
    public FocalLoss gamma(double gamma) {
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException("FocalLoss: gamma must be >= 0, got " + gamma);
        }
        this.gamma = gamma;
        return this;
    }

    /** Always fails: the focal loss has no smoothing term (use {@link #gamma} and {@link #alpha}). */
    @Override
    public FocalLoss smooth(double smooth) {
        throw new IllegalArgumentException("FocalLoss has no smooth term (got smooth=" + smooth
                + "); its parameters are alpha and gamma");
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        SegmentationInputs in = prepare(input, target);
        Tensor loss;
        long[] outShape;
        if (mode() == Mode.MULTICLASS) {
            Tensor logp = fromLogits() ? in.x().logSoftmax(1) : in.x().log();
            Tensor logpY = logp.gather(1, in.labels().unsqueeze(1));
            loss = logpY.exp().rsub(1).pow(gamma).mul(logpY).neg();
            Tensor w = weightLike(input);
            if (w != null) {
                LossChecks.classWeight(getClass().getSimpleName(), w, input.size(1));
                loss = loss.mul(w.indexSelect(0, in.labels().flatten()).reshape(in.labels().shape()).unsqueeze(1));
            }
            outShape = target.shape();
        } else {
            if (weightLike(input) != null) {
                throw new IllegalArgumentException("FocalLoss: weight applies to mode='multiclass' only, got mode='"
                        + mode().pyName() + "'; in binary and multilabel mode alpha weights the positives");
            }
            Tensor t = in.t();
            Tensor ce = fromLogits() ? Aten.bceWithLogitsNone(in.x(), t) : Aten.bceNone(in.p(), t);
            Tensor pt = in.p().mul(t).add(in.p().rsub(1).mul(t.rsub(1)));
            loss = ce.mul(pt.rsub(1).pow(gamma));
            if (alpha >= 0) {
                loss = loss.mul(t.mul(alpha).add(t.rsub(1).mul(1 - alpha)));
            }
            outShape = input.shape();
        }
        Tensor masked = loss.mul(in.mask());
        return switch (reduction()) {
            case NONE -> masked.reshape(outShape);
            case SUM -> masked.sum();
            case MEAN -> masked.sum().div(in.mask().expand(loss.shape()).sum());
        };
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr().replaceFirst(", smooth=[^,]*", "") + ", alpha=" + alpha + ", gamma=" + gamma + ", reduction='" + reduction() + "'";
    }
}
