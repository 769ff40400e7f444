package dev.trainkit.vision.transforms;

import dev.trainkit.data.SampleRandom;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;

/**
 * Mirrors the image with probability p ({@code torchvision.transforms.RandomHorizontalFlip}).
 *
 * <pre>{@code
 * new RandomHorizontalFlip();        // RandomHorizontalFlip(p=0.5)
 * }</pre>
 */
public final class RandomHorizontalFlip implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomHorizontalFlip").param("p", 0.5).build(),
            "mirrors left-right with probability p",
            a -> new RandomHorizontalFlip(a.getDouble("p")));

    private final double p;

    /** p = 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /** @throws IllegalArgumentException if p is not in [0, 1] */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Tensor apply(Tensor img) {
        return SampleRandom.current().nextDouble() < p ? Functional.hflip(img) : img;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
