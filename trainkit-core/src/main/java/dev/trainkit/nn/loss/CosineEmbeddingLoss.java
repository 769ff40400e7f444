package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Cosine embedding loss for pairs labelled ±1: {@code 1 - cos(x1, x2)} for {@code y = 1},
 * {@code max(0, cos(x1, x2) - margin)} for {@code y = -1}, as
 * {@code torch.nn.CosineEmbeddingLoss(margin=0.0, reduction='mean')}.
 *
 * <pre>{@code
 * CosineEmbeddingLoss c = new CosineEmbeddingLoss().margin(0.2);
 * Tensor l = c.forward(x1, x2, y);                     // loss(input1, input2, target)
 * }</pre>
 */
public class CosineEmbeddingLoss extends Loss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            Signature.of("CosineEmbeddingLoss").param("margin", 0.0).param("size_average", null).param("reduce", null).param("reduction", "mean").build(),
            "cosine similarity of pairs labelled similar (1) or not (-1)",
            k -> new CosineEmbeddingLoss(LossArgs.reduction(k)).margin(k.getDouble("margin")));

    private double margin = 0.0;

    /** {@code nn.CosineEmbeddingLoss()}. */
    public CosineEmbeddingLoss() {
        super();
    }

    /** {@code nn.CosineEmbeddingLoss(reduction=...)}. */
    public CosineEmbeddingLoss(Reduction reduction) {
        super(reduction);
    }

    /** {@code margin=} in [-1, 1] (default 0). */
    public CosineEmbeddingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    /** Not applicable: use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(
                "CosineEmbeddingLoss takes (input1, input2, target): call forward(input1, input2, target)");
    }

    /** The loss of the pairs {@code (input1[i], input2[i])} labelled {@code target[i]} (±1). */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        String n = getClass().getSimpleName();
        LossChecks.floating(n, "input1", input1);
        LossChecks.sameShape(n, "input1", input1, "input2", input2);
        LossChecks.notNull(n, "target", target);
        long[] expected = input1.dim() == 1 ? new long[0] : new long[] {input1.size(0)};
        if (!java.util.Arrays.equals(target.shape(), expected)) {
            throw LossChecks.error(n, "shape mismatch: target has shape " + java.util.Arrays.toString(target.shape())
                    + " but inputs of shape " + java.util.Arrays.toString(input1.shape()) + " need "
                    + java.util.Arrays.toString(expected));
        }
        return Aten.call("cosine_embedding_loss", () -> torch.cosine_embedding_loss(Aten.h(input1), Aten.h(input2),
                Aten.h(target), margin, reduction().atenCode()), input1, input2, target);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", margin=" + margin;
    }
}
