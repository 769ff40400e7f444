package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Inverts the image with probability p ({@code torchvision.transforms.RandomInvert}).
 *
 * <pre>{@code
 * new RandomInvert(0.5);          // RandomInvert(p=0.5)
 * }</pre>
 */
public final class RandomInvert extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomInvert").param("p", 0.5).build(),
            "inverts with probability p",
            a -> new RandomInvert(a.getDouble("p")));

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomInvert(double p) {
        super("RandomInvert", p);
    }

    @Override
    Tensor op(Tensor img) {
        return ColorFunctional.invert(img);
    }

    @Override
    public String toString() {
        return "RandomInvert(p=" + p() + ")";
    }
}
