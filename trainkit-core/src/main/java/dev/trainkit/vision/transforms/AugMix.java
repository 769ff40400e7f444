package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;

/**
 * AugMix ({@code torchvision.transforms.AugMix}): {@code mixture_width} chains of 1 to 3 ops
 * (or {@code chain_depth}) at a severity-bounded magnitude, mixed with Dirichlet weights and
 * blended with the original by a Beta weight. Input: uint8 {@code [..., 1 or 3, H, W]}; each
 * image of a batch gets its own weights, all share the chains, as in torchvision.
 *
 * <pre>{@code
 * new AugMix();     // AugMix(severity=3, mixture_width=3, chain_depth=-1, alpha=1.0, all_ops=True, BILINEAR)
 * }</pre>
 *
 * <p>Draws, in torchvision's order: a Dirichlet(α, α) per image, a Dirichlet(α × width) per
 * image, then per chain its depth (if {@code chain_depth} ≤ 0) and per op: the op, its bin in
 * [0, severity), its sign if signed.
 */
public final class AugMix implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("AugMix").param("severity", 3).param("mixture_width", 3).param("chain_depth", -1)
                    .param("alpha", 1.0)
                    .param("all_ops", true).param("interpolation", "bilinear").param("fill", null).build(),
            "mixes augmentation chains with the original",
            a -> new AugMix(a.getInt("severity"), a.getInt("mixture_width"), a.getInt("chain_depth"), a.getDouble("alpha"),
                    a.getBool("all_ops"), TransformArgs.interpolation(a, "interpolation"), TransformArgs.doubles(a, "fill")));

    private static final int PARAMETER_MAX = 10;
    private final int severity;
    private final int mixtureWidth;
    private final int chainDepth;
    private final double alpha;
    private final boolean allOps;
    private final InterpolationMode mode;
    private final double[] fill;
    private final SpaceCache spaces;

    /** torchvision's defaults: severity 3, 3 chains of random depth, alpha 1, all ops, bilinear. */
    public AugMix() {
        this(3, 3, -1, 1.0, true, InterpolationMode.BILINEAR, null);
    }

    /**
     * @throws IllegalArgumentException for a severity outside [1, 10], a width below 1 or alpha ≤ 0
     */
    public AugMix(int severity, int mixtureWidth, int chainDepth, double alpha, boolean allOps, InterpolationMode mode,
            double[] fill) {
        if (severity < 1 || severity > PARAMETER_MAX) {
            throw new IllegalArgumentException("AugMix: the severity must be between [1, " + PARAMETER_MAX + "], got "
                    + severity);
        }
        if (mixtureWidth < 1) {
            throw new IllegalArgumentException("AugMix: mixture_width must be >= 1, got " + mixtureWidth);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("AugMix: alpha must be > 0 (Dirichlet concentration), got " + alpha);
        }
        this.severity = severity;
        this.mixtureWidth = mixtureWidth;
        this.chainDepth = chainDepth;
        this.alpha = alpha;
        this.allOps = allOps;
        this.mode = AutoAugmentOps.checkMode("AugMix", mode);
        this.fill = fill == null ? null : fill.clone();
        this.spaces = new SpaceCache(this::space);
    }

    /** torchvision's AugMix {@code _augmentation_space(10, (height, width))}. */
    AugmentationSpace space(long height, long width) {
        AugmentationSpace s = new AugmentationSpace()
                .linear("ShearX", 0.0, 0.3, PARAMETER_MAX, true)
                .linear("ShearY", 0.0, 0.3, PARAMETER_MAX, true)
                .linear("TranslateX", 0.0, width / 3.0, PARAMETER_MAX, true)
                .linear("TranslateY", 0.0, height / 3.0, PARAMETER_MAX, true)
                .linear("Rotate", 0.0, 30.0, PARAMETER_MAX, true)
                .posterize(4, 4, PARAMETER_MAX)
                .linear("Solarize", 255.0, 0.0, PARAMETER_MAX, false)
                .plain("AutoContrast")
                .plain("Equalize");
        if (allOps) {
            s.linear("Brightness", 0.0, 0.9, PARAMETER_MAX, true)
                    .linear("Color", 0.0, 0.9, PARAMETER_MAX, true)
                    .linear("Contrast", 0.0, 0.9, PARAMETER_MAX, true)
                    .linear("Sharpness", 0.0, 0.9, PARAMETER_MAX, true);
        }
        return s;
    }

    /** Mixes chains drawn from {@code draws}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        long[] chw = AutoAugmentOps.checkPolicyInput("AugMix", img);
        AugmentationSpace space = spaces.get(chw[1], chw[2]);
        long[] dims = img.shape();
        // [1, C, H, W] for one image; leading dims beyond 4 stay, the first one is the batch
        Tensor batch = img.dim() < 4 ? img.unsqueeze(0) : img;
        int n = (int) batch.size(0);
        long[] weightShape = new long[batch.dim()];
        Arrays.fill(weightShape, 1);
        weightShape[0] = n;
        float[] m0 = new float[n];
        float[] m1 = new float[n];
        for (int b = 0; b < n; b++) {
            double[] m = draws.dirichlet(new double[] {alpha, alpha});
            m0[b] = (float) m[0];
            m1[b] = (float) m[1];
        }
        double[] alphas = new double[mixtureWidth];
        Arrays.fill(alphas, alpha);
        float[] w = new float[n * mixtureWidth];
        for (int b = 0; b < n; b++) {
            double[] d = draws.dirichlet(alphas);
            for (int i = 0; i < mixtureWidth; i++) {
                w[b * mixtureWidth + i] = (float) d[i];
            }
        }
        // float32 products as torchvision's tensors compute them
        Tensor combined = Torch.tensor(w, n, mixtureWidth).mul(Torch.tensor(m1, n, 1));
        Tensor mix = Torch.tensor(m0, n).view(weightShape).mul(batch.to(DType.FLOAT32));
        for (int i = 0; i < mixtureWidth; i++) {
            Tensor aug = batch;
            int depth = chainDepth > 0 ? chainDepth : (int) draws.randint(1, 4);
            for (int k = 0; k < depth; k++) {
                AugmentationSpace.Choice c = space.draw(draws, -1, severity);
                aug = AutoAugmentOps.apply(aug, c.op(), c.magnitude(), mode, fill);
            }
            mix = mix.add(combined.select(1, i).contiguous().view(weightShape).mul(aug.to(DType.FLOAT32)));
        }
        return mix.view(dims).to(img.dtype());
    }

    @Override
    public String toString() {
        return "AugMix(severity=" + severity + ", mixture_width=" + mixtureWidth + ", chain_depth=" + chainDepth
                + ", alpha=" + alpha + ", all_ops=" + (allOps ? "True" : "False") + ", interpolation=" + mode
                + ", fill=" + (fill == null ? "None" : Arrays.toString(fill)) + ")";
    }
}
