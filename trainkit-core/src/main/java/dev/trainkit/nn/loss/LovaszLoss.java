package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Lovász loss of Berman et al. (2018), a convex surrogate of the IoU (docs/PARITY.md). Binary
 * mode: the Lovász hinge on logits over the whole batch ({@code per_image=False}). Multiclass
 * mode: the Lovász-softmax, averaged over the classes present in the target. Ignored positions
 * are dropped. Built from ATen sort and cumsum; the Python reference transcribes Berman's code.
 *
 * <pre>{@code
 * Loss lovasz = new LovaszLoss(Mode.MULTICLASS).ignoreIndex(255L);
 * // lovasz_softmax(probas, labels, classes='present', per_image=False, ignore=255)
 * }</pre>
 */
public class LovaszLoss extends SegmentationLoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("LovaszLoss", LossArgs.SmoothAndWeight.NOT_TAKEN).build(),
            "Lovász hinge / softmax: a convex surrogate of the IoU",
            k -> LossArgs.segmentation(k, new LovaszLoss(LossArgs.mode(k))));


    /** {@code LovaszLoss(mode='binary')}. */
    public LovaszLoss() {
        this(Mode.BINARY);
    }

    /** {@code LovaszLoss(mode=...)}: binary or multiclass. */
    public LovaszLoss(Mode mode) {
        super(mode);
        if (mode == Mode.MULTILABEL) {
            throw new IllegalArgumentException("LovaszLoss: mode must be one of [binary, multiclass], got 'multilabel'");
        }
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        if (mode() == Mode.BINARY && !fromLogits()) {
            throw LossChecks.error("LovaszLoss", "the binary Lovász hinge takes logits; from_logits=False is only"
                    + " supported in multiclass mode");
        }
        SegmentationInputs in = prepare(input, target);
        return mode() == Mode.BINARY ? hinge(in) : softmax(in, input.size(1));
    }

    private static Tensor hinge(SegmentationInputs in) {
        Tensor valid = in.mask().flatten().gt(0);
        Tensor logits = in.x().flatten().maskedSelect(valid);
        Tensor labels = in.t().flatten().maskedSelect(valid);
        if (logits.numel() == 0) {
            return in.x().sum().mul(0);
        }
        Tensor errors = labels.mul(2).sub(1).mul(logits).rsub(1);
        Tensor[] sorted = Aten.sort(errors, 0, true);
        Tensor gtSorted = labels.gather(0, sorted[1]);
        return sorted[0].relu().mul(lovaszGrad(gtSorted)).sum();
    }

    private static Tensor softmax(SegmentationInputs in, long c) {
        Tensor probas = in.p().permute(0, 2, 1).reshape(-1, c);
        Tensor valid = in.mask().permute(0, 2, 1).reshape(-1, 1).gt(0);
        Tensor labels = in.labels().flatten().maskedSelect(valid.flatten());
        if (labels.numel() == 0) {
            return probas.sum().mul(0);
        }
        probas = probas.maskedSelect(valid.expand(-1, c)).reshape(-1, c);
        Tensor fg = Torch.oneHot(labels, c).to(probas.dtype());
        Tensor[] sorted = Aten.sort(fg.sub(probas).abs(), 0, true);
        Tensor fgSorted = fg.gather(0, sorted[1]);
        Tensor perClass = sorted[0].mul(lovaszGrad(fgSorted)).sum(0, false);
        Tensor present = fg.sum(0, false).gt(0).to(probas.dtype());
        return perClass.mul(present).sum().div(present.sum());
    }

    /** Gradient of the Lovász extension w.r.t. sorted errors (Berman's {@code lovasz_grad}), along dim 0. */
    private static Tensor lovaszGrad(Tensor gtSorted) {
        Tensor gts = gtSorted.sum(0, true);
        Tensor intersection = gts.sub(Aten.cumsum(gtSorted, 0));
        Tensor union = gts.add(Aten.cumsum(gtSorted.rsub(1), 0));
        Tensor jaccard = intersection.div(union).rsub(1);
        long p = gtSorted.size(0);
        if (p == 1) {
            return jaccard;
        }
        return Torch.cat(List.of(jaccard.narrow(0, 0, 1),
                jaccard.narrow(0, 1, p - 1).sub(jaccard.narrow(0, 0, p - 1))), 0);
    }

    @Override
    public SegmentationLoss weight(Tensor weight) {
        throw new UnsupportedOperationException("LovaszLoss does not take class weights");
    }

}
