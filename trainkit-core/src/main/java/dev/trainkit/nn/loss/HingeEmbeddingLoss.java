package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Hinge embedding loss for ±1 targets: {@code x} where {@code y = 1},
 * {@code max(0, margin - x)} where {@code y = -1}, as
 * {@code torch.nn.HingeEmbeddingLoss(margin=1.0, reduction='mean')}.
 *
 * <pre>{@code
 * Loss h = new HingeEmbeddingLoss().margin(2.0);       // nn.HingeEmbeddingLoss(margin=2.0)
 * }</pre>
 */
public class HingeEmbeddingLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("HingeEmbeddingLoss").param("margin", 1.0).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "hinge on distances labelled similar (1) or not (-1)",
            k -> new HingeEmbeddingLoss(LossArgs.reduction(k)).margin(k.getDouble("margin")));

    private double margin = 1.0;

    /** {@code nn.HingeEmbeddingLoss()}. */
    public HingeEmbeddingLoss() {
        super();
    }

    /** {@code nn.HingeEmbeddingLoss(reduction=...)}. */
    public HingeEmbeddingLoss(Reduction reduction) {
        super(reduction);
    }

    /** {@code margin=} (default 1). */
    public HingeEmbeddingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input", input);
        LossChecks.sameShape(n, "input", input, "target", target);
        return Aten.call("hinge_embedding_loss", () -> torch.hinge_embedding_loss(Aten.h(input), Aten.h(target),
                margin, reduction().atenCode()), input, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", margin=" + margin;
    }
}
