package dev.trainkit.nn.loss;

import dev.trainkit.tensor.Tensor;

/**
 * IoU (Jaccard) loss {@code 1 − (Σpt + s)/(Σp + Σt − Σpt + s)} (DESIGN.md §4), per class in
 * multiclass and multilabel mode, then the mean over classes. Also available as
 * {@link JaccardLoss}.
 *
 * <pre>{@code
 * Loss iou = new IoULoss(Mode.MULTICLASS).ignoreIndex(255L);   // IoULoss(mode='multiclass', ignore_index=255)
 * }</pre>
 */
public class IoULoss extends SegmentationLoss {

    /** {@code IoULoss(mode='binary')}. */
    public IoULoss() {
        this(Mode.BINARY);
    }

    /** {@code IoULoss(mode=...)}. */
    public IoULoss(Mode mode) {
        super(mode);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        SegmentationInputs in = prepare(input, target);
        Tensor inter = in.classSum(in.p().mul(in.t()));
        Tensor union = in.classSum(in.p()).add(in.classSum(in.t())).sub(inter);
        return classMean(inter.add(smooth()).div(union.add(smooth())).rsub(1));
    }
}
