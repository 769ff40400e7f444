package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Keeps the {@code bits} highest bits of a uint8 image with probability p
 * ({@code torchvision.transforms.RandomPosterize}).
 *
 * <pre>{@code
 * new RandomPosterize(4, 0.5);    // RandomPosterize(bits=4, p=0.5)
 * }</pre>
 */
public final class RandomPosterize extends RandomApplied {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomPosterize").required("bits").param("p", 0.5).build(),
            "keeps the top bits with probability p",
            a -> new RandomPosterize(a.getInt("bits"), a.getDouble("p")));

    private final int bits;

    /** @throws IllegalArgumentException if bits is not in [0, 8] or p not in [0, 1] */
    public RandomPosterize(int bits, double p) {
        super("RandomPosterize", p);
        if (bits < 0 || bits > 8) {
            throw new IllegalArgumentException("RandomPosterize: bits must be in [0, 8], got " + bits);
        }
        this.bits = bits;
    }

    @Override
    Tensor op(Tensor img) {
        return ColorFunctional.posterize(img, bits);
    }

    @Override
    public String toString() {
        return "RandomPosterize(bits=" + bits + ", p=" + p() + ")";
    }
}
