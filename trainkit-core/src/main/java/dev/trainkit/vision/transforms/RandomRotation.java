package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Rotates by an angle drawn uniformly from {@code degrees} ({@code torchvision.transforms.RandomRotation}).
 * One value d means {@code [-d, d]}.
 *
 * <pre>{@code
 * new RandomRotation(15);        // RandomRotation(15)
 * new RandomRotation(new double[] {-10, 30}, InterpolationMode.BILINEAR, true, null, new double[] {0});
 * }</pre>
 */
public final class RandomRotation implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomRotation").required("degrees").param("interpolation", "nearest")
                    .param("expand", false)
                    .param("center", null).param("fill", 0).build(),
            "rotates by a random angle",
            a -> new RandomRotation(TransformArgs.doubles(a, "degrees"), TransformArgs.interpolation(a, "interpolation"),
                    a.getBool("expand"), TransformArgs.doubles(a, "center"), TransformArgs.doubles(a, "fill")));

    private final double[] degrees;
    private final InterpolationMode mode;
    private final boolean expand;
    private final double[] center;
    private final double[] fill;

    /** {@code [-degrees, degrees]}, nearest, no expansion, fill 0. */
    public RandomRotation(double degrees) {
        this(new double[] {degrees}, InterpolationMode.NEAREST, false, null, new double[] {0});
    }

    /**
     * @param degrees {@code [d]} for {@code [-d, d]} (d ≥ 0) or {@code [min, max]}
     * @param center  rotation centre in pixels from the top-left corner, or null for the centre
     * @param fill    colour outside the image (one value or one per channel); null means 0
     */
    public RandomRotation(double[] degrees, InterpolationMode mode, boolean expand, double[] center, double[] fill) {
        this.degrees = angleRange("RandomRotation", "degrees", degrees, 2);
        if (center != null && center.length != 2) {
            throw new IllegalArgumentException("RandomRotation: center should be a sequence of length 2, got "
                    + Arrays.toString(center));
        }
        this.mode = AutoAugmentOps.checkMode("RandomRotation", mode);
        this.expand = expand;
        this.center = center == null ? null : center.clone();
        this.fill = fill == null ? new double[] {0} : fill.clone();
    }

    /**
     * torchvision's {@code _setup_angle}: one value d ≥ 0 becomes {@code [-d, d]}; otherwise the
     * sequence must have one of the allowed lengths.
     */
    static double[] angleRange(String owner, String name, double[] v, int... lengths) {
        if (v != null && v.length == 1) {
            if (!(v[0] >= 0)) {
                throw new IllegalArgumentException(owner + ": if " + name + " is a single number, it must be positive,"
                        + " got " + v[0]);
            }
            return new double[] {-v[0], v[0]};
        }
        if (v != null) {
            for (int n : lengths) {
                if (v.length == n) {
                    return v.clone();
                }
            }
        }
        throw new IllegalArgumentException(owner + ": " + name + " should be a number or a sequence of length "
                + Arrays.toString(lengths) + ", got " + Arrays.toString(v));
    }

    /** Rotates by {@code draws.uniform(degrees[0], degrees[1])}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        double angle = draws.uniform(degrees[0], degrees[1]);
        return AffineFunctional.rotate(img, angle, mode, expand, center, fill);
    }

    @Override
    public String toString() {
        return "RandomRotation(degrees=" + Arrays.toString(degrees) + ", interpolation=" + mode + ", expand=" + (expand ? "True" : "False")
                + (center == null ? "" : ", center=" + Arrays.toString(center)) + ", fill=" + Arrays.toString(fill) + ")";
    }
}
