package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Converts to grayscale with probability p, keeping the channel count
 * ({@code torchvision.transforms.RandomGrayscale}).
 *
 * <pre>{@code
 * new RandomGrayscale(0.1);       // RandomGrayscale(p=0.1)
 * }</pre>
 */
public final class RandomGrayscale extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomGrayscale").param("p", 0.1).build(),
            "grayscale with probability p, same channel count",
            a -> new RandomGrayscale(a.getDouble("p")));

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomGrayscale(double p) {
        super("RandomGrayscale", p);
    }

    @Override
    Tensor op(Tensor img) {
        long c = Functional.dims("RandomGrayscale", img)[0];
        return ColorFunctional.rgbToGrayscale(img, (int) c);
    }

    @Override
    public String toString() {
        return "RandomGrayscale(p=" + p() + ")";
    }
}
