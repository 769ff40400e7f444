package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;

/**
 * A deterministic image op applied with probability p (torchvision's {@code RandomInvert},
 * {@code RandomPosterize}, ... all draw {@code torch.rand(1) < p}); subclasses name the op.
 */
abstract class RandomApplied implements RandomTransform {
    private final double p;

    RandomApplied(String name, double p) {
        this.p = checkProbability(name, p);
    }

    /** Checks {@code p} is a probability; returns it. */
    static double checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ": p must be in [0, 1], got " + p);
        }
        return p;
    }

    /** The probability of applying the op. */
    public double p() {
        return p;
    }

    /** The op itself. */
    abstract Tensor op(Tensor img);

    /** Applies the op when {@code draws.rand() < p}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        return draws.rand() < p ? op(img) : img;
    }
}
