package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Negative log-likelihood of log-probabilities against class indices, as
 * {@code torch.nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')}. Inputs are
 * {@code [C]}, {@code [N, C]} or {@code [N, C, d1, ..., dk]}; targets int64 shaped like the input
 * without the class dimension.
 *
 * <pre>{@code
 * Loss nll = new NLLLoss().weight(w);                  // nn.NLLLoss(weight=w)
 * Tensor l = nll.forward(logits.logSoftmax(1), labels);
 * }</pre>
 */
public class NLLLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("NLLLoss").param("weight", null).param("size_average", null).param("ignore_index", -100).param("reduce", null).param("reduction", "mean").build(),
            "negative log likelihood of log-probabilities",
            k -> new NLLLoss(LossArgs.reduction(k)).weight(LossArgs.tensor(k, "weight"))
                    .ignoreIndex(k.getLong("ignore_index")));

    private long ignoreIndex = -100;

    /** {@code nn.NLLLoss()}. */
    public NLLLoss() {
        super();
    }

    /** {@code nn.NLLLoss(reduction=...)}. */
    public NLLLoss(Reduction reduction) {
        super(reduction);
    }

    /** Per-class weights, shape {@code [C]}. */
    public NLLLoss weight(Tensor weight) {
        setWeight(weight);
        return this;
    }

    /** Target index that does not contribute (default -100). */
    public NLLLoss ignoreIndex(long ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        int classDim = input.dim() == 1 ? 0 : 1;
        long c = input.size(classDim);
        LossChecks.classWeight(n, weight(), c);
        LossChecks.classIndices(n, target, LossChecks.withoutDim(input.shape(), classDim), c, ignoreIndex,
                input.describe() + " (class dimension " + classDim + ")");
        Tensor w = weightLike(input);
        return Aten.call("nll_loss", () -> torch.nll_loss_nd(Aten.h(input), Aten.h(target), Aten.opt(w),
                reduction().atenCode(), ignoreIndex), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", ignore_index=" + ignoreIndex;
    }
}
