package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Equalizes the histogram of a uint8 image with probability p
 * ({@code torchvision.transforms.RandomEqualize}).
 *
 * <pre>{@code
 * new RandomEqualize(0.5);        // RandomEqualize(p=0.5)
 * }</pre>
 */
public final class RandomEqualize extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomEqualize").param("p", 0.5).build(),
            "equalizes the histogram with probability p",
            a -> new RandomEqualize(a.getDouble("p")));

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomEqualize(double p) {
        super("RandomEqualize", p);
    }

    @Override
    Tensor op(Tensor img) {
        return ColorFunctional.equalize(img);
    }

    @Override
    public String toString() {
        return "RandomEqualize(p=" + p() + ")";
    }
}
