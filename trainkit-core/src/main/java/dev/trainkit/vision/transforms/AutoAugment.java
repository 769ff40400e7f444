package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * AutoAugment ({@code torchvision.transforms.AutoAugment}): picks one of the policy's 25
 * learned sub-policies and applies each of its two ops with the op's probability, at its
 * magnitude bin (10 bins), with a random sign for the signed ops. Input: uint8
 * {@code [..., 1 or 3, H, W]}.
 *
 * <pre>{@code
 * new AutoAugment();        // AutoAugment(policy=AutoAugmentPolicy.IMAGENET, interpolation=NEAREST, fill=None)
 * new AutoAugment(AutoAugmentPolicy.CIFAR10, InterpolationMode.BILINEAR, new double[] {128});
 * }</pre>
 *
 * <p>Draws, in torchvision's order: the sub-policy, two probabilities, two signs
 * ({@code get_params}); inject them with {@link #apply(Tensor, RandomDraws)}.
 */
public final class AutoAugment implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("AutoAugment").param("policy", "imagenet").param("interpolation", "nearest")
                    .param("fill", null).build(),
            "a learned policy: imagenet, cifar10 or svhn",
            a -> new AutoAugment(AutoAugmentPolicy.of(a.getString("policy")), TransformArgs.interpolation(a, "interpolation"),
                    TransformArgs.doubles(a, "fill")));

    private final AutoAugmentPolicy policy;
    private final InterpolationMode mode;
    private final double[] fill;
    private final SpaceCache spaces;

    /** The ImageNet policy, nearest interpolation, zero fill. */
    public AutoAugment() {
        this(AutoAugmentPolicy.IMAGENET, InterpolationMode.NEAREST, null);
    }

    /**
     * @param fill colour of the area uncovered by the geometric ops (one value or one per
     *             channel), or null for zeros
     */
    public AutoAugment(AutoAugmentPolicy policy, InterpolationMode mode, double[] fill) {
        this.policy = Objects.requireNonNull(policy, "AutoAugment: policy");
        this.mode = AutoAugmentOps.checkMode("AutoAugment", mode);
        this.fill = fill == null ? null : fill.clone();
        this.spaces = new SpaceCache((h, w) -> space(10, h, w));
    }

    /** The policy. */
    public AutoAugmentPolicy policy() {
        return policy;
    }

    /** torchvision's AutoAugment {@code _augmentation_space(num_bins, (height, width))}. */
    static AugmentationSpace space(int bins, long height, long width) {
        return new AugmentationSpace()
                .imagenetOps(bins, height, width)
                .plain("Invert");
    }

    /** Applies the policy with the given draws. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        long[] chw = AutoAugmentOps.checkPolicyInput("AutoAugment", img);
        int id = (int) draws.randint(policy.size());
        double[] probs = {draws.rand(), draws.rand()};
        long[] signs = {draws.randint(2), draws.randint(2)};
        AugmentationSpace space = spaces.get(chw[1], chw[2]);
        AutoAugmentPolicy.Step[] steps = policy.subPolicy(id);
        for (int i = 0; i < steps.length; i++) {
            // torch.rand's float32 compared with p converted to float32, as the tensor comparison does
            if ((float) probs[i] <= (float) steps[i].p()) {
                int op = space.indexOf(steps[i].op());
                double magnitude = steps[i].bin() >= 0 ? space.magnitudes(op)[steps[i].bin()] : 0.0;
                if (space.signed(op) && signs[i] == 0) {
                    magnitude = -magnitude;
                }
                img = AutoAugmentOps.apply(img, steps[i].op(), magnitude, mode, fill);
            }
        }
        return img;
    }

    @Override
    public String toString() {
        return "AutoAugment(policy=" + policy + ", fill=" + (fill == null ? "None" : Arrays.toString(fill)) + ")";
    }
}
