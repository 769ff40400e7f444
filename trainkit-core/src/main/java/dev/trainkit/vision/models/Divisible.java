package dev.trainkit.vision.models;

/** Channel rounding of the mobile architectures (torchvision's {@code _make_divisible} and MNASNet's variant). */
final class Divisible {
    private Divisible() {
    }

    /** {@code _make_divisible(v, divisor)}: round to a multiple, never below 90% of v. */
    static long make(double v, long divisor) {
        long newV = Math.max(divisor, (long) (v + divisor / 2.0) / divisor * divisor);
        if (newV < 0.9 * v) {
            newV += divisor;
        }
        return newV;
    }

    /** MNASNet's {@code _round_to_multiple_of(val, divisor, round_up_bias=0.9)}. */
    static long roundToMultipleOf(double val, long divisor) {
        long newVal = Math.max(divisor, (long) (val + divisor / 2.0) / divisor * divisor);
        return newVal >= 0.9 * val ? newVal : newVal + divisor;
    }
}
