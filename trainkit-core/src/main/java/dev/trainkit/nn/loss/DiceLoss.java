package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;

/**
 * Dice loss {@code 1 − (2·Σpt + s)/(Σp + Σt + s)} (docs/PARITY.md), per class in multiclass and
 * multilabel mode, then the mean over classes. PyTorch has no Dice loss; the Python reference
 * is {@code tools/golden/gen_losses.py}.
 *
 * <pre>{@code
 * Loss dice = new DiceLoss(Mode.BINARY);               // DiceLoss(mode='binary')
 * Tensor l = dice.forward(logits, mask);               // logits N×1×H×W, mask 0/1 of the same shape
 * }</pre>
 */
public class DiceLoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("DiceLoss", LossArgs.SmoothAndWeight.TAKEN).build(),
            "1 - Dice coefficient of predicted and true masks",
            k -> LossArgs.segmentation(k, new DiceLoss(LossArgs.mode(k))));


    /** {@code DiceLoss(mode='binary')}. */
    public DiceLoss() {
        this(Mode.BINARY);
    }

    /** {@code DiceLoss(mode=...)}. */
    public DiceLoss(Mode mode) {
        super(mode);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        SegmentationInputs in = prepare(input, target);
        Tensor inter = in.classSum(in.p().mul(in.t()));
        Tensor card = in.classSum(in.p()).add(in.classSum(in.t()));
        return classMean(inter.mul(2).add(smooth()).div(card.add(smooth())).rsub(1));
    }
}
