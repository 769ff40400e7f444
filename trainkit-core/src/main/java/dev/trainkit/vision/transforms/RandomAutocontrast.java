package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Stretches each channel to the full range with probability p
 * ({@code torchvision.transforms.RandomAutocontrast}).
 *
 * <pre>{@code
 * new RandomAutocontrast(0.5);    // RandomAutocontrast(p=0.5)
 * }</pre>
 */
public final class RandomAutocontrast extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomAutocontrast").param("p", 0.5).build(),
            "maximises contrast with probability p",
            a -> new RandomAutocontrast(a.getDouble("p")));

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomAutocontrast(double p) {
        super("RandomAutocontrast", p);
    }

    @Override
    Tensor op(Tensor img) {
        return ColorFunctional.autocontrast(img);
    }

    @Override
    public String toString() {
        return "RandomAutocontrast(p=" + p() + ")";
    }
}
