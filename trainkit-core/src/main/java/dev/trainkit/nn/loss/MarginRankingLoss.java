package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ranking loss {@code max(0, -y·(x1 - x2) + margin)} for targets ±1, as
 * {@code torch.nn.MarginRankingLoss(margin=0.0, reduction='mean')}.
 *
 * <pre>{@code
 * MarginRankingLoss r = new MarginRankingLoss().margin(0.5);
 * Tensor l = r.forward(scoresA, scoresB, y);           // loss(input1, input2, target)
 * }</pre>
 */
public class MarginRankingLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("MarginRankingLoss").param("margin", 0.0).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "ranking hinge of pairs: x1 above x2 when y = 1",
            k -> new MarginRankingLoss(LossArgs.reduction(k)).margin(k.getDouble("margin")));

    private double margin = 0.0;

    /** {@code nn.MarginRankingLoss()}. */
    public MarginRankingLoss() {
        super();
    }

    /** {@code nn.MarginRankingLoss(reduction=...)}. */
    public MarginRankingLoss(Reduction reduction) {
        super(reduction);
    }

    /** {@code margin=} (default 0). */
    public MarginRankingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    /** Not applicable: use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(
                "MarginRankingLoss takes (input1, input2, target): call forward(input1, input2, target)");
    }

    /** The loss ranking {@code input1} above {@code input2} where {@code target} is 1, below where -1. */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input1", input1);
        LossChecks.sameShape(n, "input1", input1, "input2", input2);
        LossChecks.sameShape(n, "input1", input1, "target", target);
        return Aten.call("margin_ranking_loss", () -> torch.margin_ranking_loss(Aten.h(input1), Aten.h(input2),
                Aten.h(target), margin, reduction().atenCode()), input1, input2, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", margin=" + margin;
    }
}
