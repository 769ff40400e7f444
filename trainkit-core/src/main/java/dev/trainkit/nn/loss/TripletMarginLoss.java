package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Triplet loss {@code max(d(a, p) - d(a, n) + margin, 0)} with the p-norm distance, as
 * {@code torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False, reduction='mean')}.
 *
 * <pre>{@code
 * TripletMarginLoss t = new TripletMarginLoss().margin(0.3).swap(true);
 * Tensor l = t.forward(anchor, positive, negative);
 * }</pre>
 */
public class TripletMarginLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("TripletMarginLoss").param("margin", 1.0).param("p", 2.0).param("eps", 1e-6).param("swap", false).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "anchor closer to the positive than to the negative by a margin",
            k -> new TripletMarginLoss(LossArgs.reduction(k)).margin(k.getDouble("margin")).p(k.getDouble("p"))
                    .eps(k.getDouble("eps")).swap(k.getBool("swap")));

    private double margin = 1.0;
    private double p = 2.0;
    private double eps = 1e-6;
    private boolean swap = false;

    /** {@code nn.TripletMarginLoss()}. */
    public TripletMarginLoss() {
        super();
    }

    /** {@code nn.TripletMarginLoss(reduction=...)}. */
    public TripletMarginLoss(Reduction reduction) {
        super(reduction);
    }

    /** {@code margin=} (default 1). */
    public TripletMarginLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    /** The norm degree {@code p=} (default 2). */
    public TripletMarginLoss p(double p) {
        this.p = p;
        return this;
    }

    /** {@code eps=} added to differences for numerical stability (default 1e-6). */
    public TripletMarginLoss eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Distance swap of Balntas et al. ({@code swap=}, default false). */
    public TripletMarginLoss swap(boolean swap) {
        this.swap = swap;
        return this;
    }

    /** Not applicable: use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(
                "TripletMarginLoss takes (anchor, positive, negative): call forward(anchor, positive, negative)");
    }

    /** The triplet loss of {@code anchor} against {@code positive} and {@code negative}. */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "anchor", anchor);
        LossChecks.sameShape(n, "anchor", anchor, "positive", positive);
        LossChecks.sameShape(n, "anchor", anchor, "negative", negative);
        return Aten.call("triplet_margin_loss", () -> torch.triplet_margin_loss(Aten.h(anchor), Aten.h(positive),
                Aten.h(negative), margin, p, eps, swap, reduction().atenCode()), anchor, positive, negative);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", margin=" + margin + ", p=" + p + ", eps=" + eps + ", swap=" + swap;
    }
}
