package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Cross entropy of logits against class indices or class probabilities, as
 * {@code torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean',
 * label_smoothing=0.0)}. Inputs are {@code [C]}, {@code [N, C]} or {@code [N, C, d1, ..., dk]};
 * targets are int64 indices shaped like the input without the class dimension, or
 * floating-point probabilities shaped like the input.
 *
 * <pre>{@code
 * Loss ce = new CrossEntropyLoss().labelSmoothing(0.1);        // nn.CrossEntropyLoss(label_smoothing=0.1)
 * Loss seg = new CrossEntropyLoss(Reduction.SUM).weight(w).ignoreIndex(255);
 * Tensor l = ce.forward(logits, labels);
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("CrossEntropyLoss").param("weight", null).param("size_average", null).param("ignore_index", -100).param("reduce", null).param("reduction", "mean").param("label_smoothing", 0.0).build(),
            "log-softmax + negative log likelihood over class logits; class indices or probabilities as targets",
            k -> new CrossEntropyLoss(LossArgs.reduction(k)).weight(LossArgs.tensor(k, "weight"))
                    .ignoreIndex(k.getLong("ignore_index")).labelSmoothing(k.getDouble("label_smoothing")));

    private long ignoreIndex = -100;
    private double labelSmoothing = 0.0;

    /** {@code nn.CrossEntropyLoss()}. */
    public CrossEntropyLoss() {
        super();
    }

    /** {@code nn.CrossEntropyLoss(reduction=...)}. */
    public CrossEntropyLoss(Reduction reduction) {
        super(reduction);
    }

    /** Per-class weights, shape {@code [C]} ({@code weight=}); {@code null} for none. */
    public CrossEntropyLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    /** Target index that does not contribute ({@code ignore_index=}, default -100). */
    public CrossEntropyLoss ignoreIndex(long ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
        return this;
    }

    /** Label smoothing in [0, 1] ({@code label_smoothing=}, default 0). */
    public CrossEntropyLoss labelSmoothing(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    /** {@code ignore_index}. */
    public long ignoreIndex() {
        return ignoreIndex;
    }

    /** {@code label_smoothing}. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.notNull(n, "target", target);
        int classDim = input.dim() == 1 ? 0 : 1;
        long c = input.size(classDim);
        LossChecks.classWeight(n, weight(), c);
        if (target.dtype().isFloatingPoint() && target.dim() == input.dim()) {
            LossChecks.sameShape(n, "input", input, "target (class probabilities)", target);
        } else {
            LossChecks.classIndices(n, target, LossChecks.withoutDim(input.shape(), classDim), c, ignoreIndex,
                    input.describe() + " (class dimension " + classDim + ")");
        }
        Tensor w = weightLike(input);
        Tensor t = target.dtype().isFloatingPoint() ? target.to(input.dtype()) : target;
        return Aten.call("cross_entropy_loss", () -> torch.cross_entropy_loss(Aten.h(input), Aten.h(t), Aten.opt(w),
                reduction().atenCode(), ignoreIndex, labelSmoothing), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", ignore_index=" + ignoreIndex + ", label_smoothing=" + labelSmoothing;
    }
}
