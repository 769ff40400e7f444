package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Adjusts the sharpness by {@code sharpness_factor} with probability p
 * ({@code torchvision.transforms.RandomAdjustSharpness}).
 *
 * <pre>{@code
 * new RandomAdjustSharpness(2.0, 0.5);   // RandomAdjustSharpness(sharpness_factor=2, p=0.5)
 * }</pre>
 */
public final class RandomAdjustSharpness extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomAdjustSharpness").required("sharpness_factor").param("p", 0.5).build(),
            "sharpens or blurs with probability p",
            a -> new RandomAdjustSharpness(a.getDouble("sharpness_factor"), a.getDouble("p")));

    private final double sharpnessFactor;

    /** @throws IllegalArgumentException for a negative factor or p not in [0, 1] */
    public RandomAdjustSharpness(double sharpnessFactor, double p) {
        super("RandomAdjustSharpness", p);
        if (!(sharpnessFactor >= 0)) {
            throw new IllegalArgumentException("RandomAdjustSharpness: sharpness_factor must be non-negative, got "
                    + sharpnessFactor);
        }
        this.sharpnessFactor = sharpnessFactor;
    }

    @Override
    Tensor op(Tensor img) {
        return FilterFunctional.adjustSharpness(img, sharpnessFactor);
    }

    @Override
    public String toString() {
        return "RandomAdjustSharpness(sharpness_factor=" + sharpnessFactor + ", p=" + p() + ")";
    }
}
