package dev.trainkit.nn.loss;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Objects;

/**
 * Base of the segmentation losses that PyTorch lacks (docs/PARITY.md): a {@link Mode}, inputs as
 * logits unless {@code from_logits=False}, a {@code smooth} term (default 1), an optional
 * {@code ignore_index} whose positions drop out of every sum, and optional class weights (the
 * per-class losses are then averaged with these weights, {@code Σ w_c·L_c / Σ w_c}).
 *
 * <pre>{@code
 * Loss dice = new DiceLoss(Mode.MULTICLASS).ignoreIndex(255).smooth(0.0);
 * // DiceLoss(mode='multiclass', ignore_index=255, smooth=0.0)
 * }</pre>
 */
public abstract class SegmentationLoss extends Loss {
    private final Mode mode;
    private boolean fromLogits = true;
    private double smooth = 1.0;
    private Long ignoreIndex;

    /** A loss in {@code mode}, reduced to a scalar. */
    protected SegmentationLoss(Mode mode) {
        this(mode, Reduction.MEAN);
    }

    /** A loss in {@code mode} with a reduction (only losses with per-element values use it). */
    protected SegmentationLoss(Mode mode, Reduction reduction) {
        super(reduction);
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** Whether inputs are logits ({@code from_logits=}, default true) or probabilities. */
    public SegmentationLoss fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** The smoothing term {@code s} ({@code smooth=}, default 1). */
    public SegmentationLoss smooth(double smooth) {
        if (!(smooth >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": smooth must be >= 0, got " + smooth);
        }
        this.smooth = smooth;
        return this;
    }

    /** Target value whose positions are ignored ({@code ignore_index=}); {@code null} for none. */
    public SegmentationLoss ignoreIndex(Long ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
        return this;
    }

    /** Class weights, shape {@code [C]} ({@code weight=}); {@code null} for equal weights. */
    public SegmentationLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** {@code from_logits}. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** {@code smooth}. */
    public double smooth() {
        return smooth;
    }

    /** {@code ignore_index}, or {@code null}. */
    public Long ignoreIndex() {
        return ignoreIndex;
    }

    /** LossChecks and lays out the inputs per {@link #mode()}. */
    SegmentationInputs prepare(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.notNull(n, "target", target);
        LossChecks.nonEmpty(n, "target", target);
        if (mode == Mode.MULTICLASS) {
            return prepareMulticlass(n, input, target);
        }
        if (mode == Mode.MULTILABEL && input.dim() < 2) {
            throw LossChecks.error(n, "multilabel input must be [N, C, ...], got " + input.describe());
        }
        LossChecks.sameShape(n, "input", input, "target", target);
        Tensor tgt = target.to(input.dtype());
        LossChecks.unitInterval(n, "target", tgt, ignoreIndex == null ? null : (double) ignoreIndex);
        Tensor mask = ignoreIndex == null ? Torch.onesLike(tgt) : tgt.ne(ignoreIndex).to(input.dtype());
        Tensor t = tgt.mul(mask);
        Tensor p = fromLogits ? input.sigmoid() : input;
        long[] shape = mode == Mode.BINARY ? new long[] {1, 1, -1} : new long[] {input.size(0), input.size(1), -1};
        return new SegmentationInputs(input.reshape(shape), p.reshape(shape), t.reshape(shape), mask.reshape(shape),
                null);
    }

    private SegmentationInputs prepareMulticlass(String n, Tensor input, Tensor target) {
        if (input.dim() < 2) {
            throw LossChecks.error(n, "multiclass input must be [N, C, ...], got " + input.describe());
        }
        long c = input.size(1);
        LossChecks.classIndices(n, target, LossChecks.withoutDim(input.shape(), 1), c, ignoreIndex,
                input.describe() + " (class dimension 1)");
        Tensor valid = ignoreIndex == null ? Torch.onesLike(target).to(DType.BOOL) : target.ne(ignoreIndex);
        Tensor labels = target.maskedFill(valid.logicalNot(), 0).reshape(input.size(0), -1);
        Tensor t = Torch.oneHot(labels, c).permute(0, 2, 1).to(input.dtype());
        Tensor mask = valid.to(input.dtype()).reshape(input.size(0), 1, -1);
        Tensor x = input.reshape(input.size(0), c, -1);
        Tensor p = fromLogits ? x.softmax(1) : x;
        return new SegmentationInputs(x, p, t, mask, labels);
    }

    /** Mean over classes of per-class losses {@code [C]}, weighted by the class weights if set. */
    Tensor classMean(Tensor perClass) {
        Tensor w = weightLike(perClass);
        if (w == null) {
            return perClass.mean();
        }
        LossChecks.classWeight(getClass().getSimpleName(), w, perClass.numel());
        return perClass.mul(w).sum().div(w.sum());
    }

    @Override
    protected String extraRepr() {
        return "mode='" + mode.pyName() + "', from_logits=" + fromLogits + ", smooth=" + smooth
                + (ignoreIndex != null ? ", ignore_index=" + ignoreIndex : "");
    }
}
