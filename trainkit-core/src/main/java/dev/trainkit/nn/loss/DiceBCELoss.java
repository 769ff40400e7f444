package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * {@code BCEWithLogitsLoss (mean) + DiceLoss (binary)} (docs/PARITY.md), the usual loss for binary
 * segmentation. With {@code from_logits=False} the BCE term is {@link BCELoss} on probabilities;
 * ignored positions drop out of both terms.
 *
 * <pre>{@code
 * Loss loss = new DiceBCELoss();                       // DiceBCELoss()
 * Tensor l = loss.forward(logits, mask);
 * }</pre>
 */
public class DiceBCELoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("DiceBCELoss").keywordOnly("from_logits", true).keywordOnly("smooth", 1.0)
                    .keywordOnly("ignore_index", null).build(),
            "Dice loss plus binary cross entropy",
            k -> new DiceBCELoss().fromLogits(k.getBool("from_logits")).smooth(k.getDouble("smooth"))
                    .ignoreIndex(LossArgs.ignoreIndex(k)));


    /** {@code DiceBCELoss()}: binary mode. */
    public DiceBCELoss() {
        super(Mode.BINARY);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        SegmentationInputs in = prepare(input, target);
        Tensor bce = fromLogits() ? Aten.bceWithLogitsNone(in.x(), in.t()) : Aten.bceNone(in.p(), in.t());
        Tensor bceMean = bce.mul(in.mask()).sum().div(in.mask().sum());
        Tensor inter = in.classSum(in.p().mul(in.t()));
        Tensor card = in.classSum(in.p()).add(in.classSum(in.t()));
        Tensor dice = inter.mul(2).add(smooth()).div(card.add(smooth())).rsub(1).mean();
        return bceMean.add(dice);
    }
}
