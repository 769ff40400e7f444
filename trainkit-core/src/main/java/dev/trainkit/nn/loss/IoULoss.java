package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;

/**
 * IoU (Jaccard) loss {@code 1 − (Σpt + s)/(Σp + Σt − Σpt + s)} (docs/PARITY.md), per class in
 * multiclass and multilabel mode, then the mean over classes. Also available as
 * {@link JaccardLoss}.
 *
 * <pre>{@code
 * Loss iou = new IoULoss(Mode.MULTICLASS).ignoreIndex(255L);   // IoULoss(mode='multiclass', ignore_index=255)
 * }</pre>
 */
public class IoULoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("IoULoss", LossArgs.SmoothAndWeight.TAKEN).build(),
            "1 - intersection over union of predicted and true masks",
            k -> LossArgs.segmentation(k, new IoULoss(LossArgs.mode(k))));


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
