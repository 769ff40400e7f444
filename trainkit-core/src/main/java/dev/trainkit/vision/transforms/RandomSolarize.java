package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Inverts the values at or above {@code threshold} with probability p
 * ({@code torchvision.transforms.RandomSolarize}).
 *
 * <pre>{@code
 * new RandomSolarize(192, 0.5);   // RandomSolarize(threshold=192, p=0.5)
 * }</pre>
 */
public final class RandomSolarize extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomSolarize").required("threshold").param("p", 0.5).build(),
            "inverts values above a threshold with probability p",
            a -> new RandomSolarize(a.getDouble("threshold"), a.getDouble("p")));

    private final double threshold;

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomSolarize(double threshold, double p) {
        super("RandomSolarize", p);
        this.threshold = threshold;
    }

    @Override
    Tensor op(Tensor img) {
        return ColorFunctional.solarize(img, threshold);
    }

    @Override
    public String toString() {
        return "RandomSolarize(threshold=" + threshold + ", p=" + p() + ")";
    }
}
