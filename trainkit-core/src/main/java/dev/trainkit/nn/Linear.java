package dev.trainkit.nn;

import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * {@code y = x Aᵀ + b}, as {@code torch.nn.Linear(in_features, out_features, bias=True)}, with
 * PyTorch's initialisation: weight and bias uniform in ±1/√in_features (kaiming_uniform with
 * a=√5).
 *
 * <pre>{@code
 * Linear fc = new Linear(512, 10);        // nn.Linear(512, 10)
 * Tensor logits = fc.forward(features);   // [N, 512] -> [N, 10]
 * }</pre>
 */
public class Linear extends Module {
    private final long inFeatures;
    private final long outFeatures;
    /** Weight, shape [out_features, in_features]. */
    public final Parameter weight;
    /** Bias, shape [out_features], or {@code null}. */
    public final Parameter bias;

    /** A layer with a bias. */
    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A layer with or without a bias. */
    public Linear(long inFeatures, long outFeatures, boolean bias) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be > 0, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1.0 / Math.sqrt(inFeatures);
        try (NoGrad ng = NoGrad.enter()) {
            this.weight = registerParameter("weight", Torch.zeros(outFeatures, inFeatures).uniform_(-bound, bound));
            this.bias = registerParameter("bias", bias ? Torch.zeros(outFeatures).uniform_(-bound, bound) : null);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        long last = input.dim() == 0 ? -1 : input.size(-1);
        if (last != inFeatures) {
            throw new IllegalArgumentException("Linear.forward: expected input with last dimension in_features="
                    + inFeatures + ", got " + input.describe());
        }
        Parameter b = bias;
        return NativeInterop.call("linear", () -> torch.linear(NativeInterop.handle(input),
                NativeInterop.handle(weight),
                b == null ? new TensorOptional() : new TensorOptional(NativeInterop.handle(b))), input, weight);
    }

    /** {@code in_features}. */
    public long inFeatures() {
        return inFeatures;
    }

    /** {@code out_features}. */
    public long outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
