package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * A random affine warp: rotation, translation, scale and shear drawn uniformly from their
 * ranges ({@code torchvision.transforms.RandomAffine}).
 *
 * <pre>{@code
 * new RandomAffine(new double[] {10}, new double[] {0.1, 0.1}, new double[] {0.9, 1.1}, new double[] {5},
 *         InterpolationMode.BILINEAR, new double[] {0}, null);
 *         // RandomAffine(10, translate=(0.1, 0.1), scale=(0.9, 1.1), shear=5, interpolation=BILINEAR)
 * }</pre>
 *
 * <p>Draws, in torchvision's order: the angle, then (if translate) dx and dy, then (if scale) the
 * scale, then (if shear) the x shear and (with 4 shear values) the y shear.
 */
public final class RandomAffine implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomAffine").required("degrees").param("translate", null).param("scale", null)
                    .param("shear", null)
                    .param("interpolation", "nearest").param("fill", 0).param("center", null).build(),
            "random rotation, translation, scale and shear",
            a -> new RandomAffine(TransformArgs.doubles(a, "degrees"), TransformArgs.doubles(a, "translate"),
                    TransformArgs.doubles(a, "scale"), TransformArgs.doubles(a, "shear"), TransformArgs.interpolation(a, "interpolation"),
                    TransformArgs.doubles(a, "fill"), TransformArgs.doubles(a, "center")));

    private final double[] degrees;
    private final double[] translate;
    private final double[] scale;
    private final double[] shear;
    private final InterpolationMode mode;
    private final double[] fill;
    private final double[] center;

    /**
     * @param degrees   {@code [d]} for {@code [-d, d]} or {@code [min, max]}
     * @param translate max fractions {@code [a, b]} of the width and height, each in [0, 1], or null
     * @param scale     {@code [min, max]}, positive, or null
     * @param shear     {@code [s]} for an x shear in {@code [-s, s]}, {@code [min, max]} (x), or
     *                  {@code [xmin, xmax, ymin, ymax]}, degrees; or null
     * @param fill      colour outside the image; null means 0
     * @param center    centre in pixels from the top-left corner, or null for the image centre
     */
    public RandomAffine(double[] degrees, double[] translate, double[] scale, double[] shear, InterpolationMode mode,
            double[] fill, double[] center) {
        this.degrees = RandomRotation.angleRange("RandomAffine", "degrees", degrees, 2);
        if (translate != null) {
            if (translate.length != 2 || !(translate[0] >= 0 && translate[0] <= 1 && translate[1] >= 0
                    && translate[1] <= 1)) {
                throw new IllegalArgumentException("RandomAffine: translate should be 2 values between 0 and 1, got "
                        + Arrays.toString(translate));
            }
        }
        if (scale != null && (scale.length != 2 || !(scale[0] > 0 && scale[1] > 0))) {
            throw new IllegalArgumentException("RandomAffine: scale should be 2 positive values, got "
                    + Arrays.toString(scale));
        }
        if (center != null && center.length != 2) {
            throw new IllegalArgumentException("RandomAffine: center should be a sequence of length 2, got "
                    + Arrays.toString(center));
        }
        this.translate = translate == null ? null : translate.clone();
        this.scale = scale == null ? null : scale.clone();
        this.shear = shear == null ? null : RandomRotation.angleRange("RandomAffine", "shear", shear, 2, 4);
        this.mode = AutoAugmentOps.checkMode("RandomAffine", mode);
        this.fill = fill == null ? new double[] {0} : fill.clone();
        this.center = center == null ? null : center.clone();
    }

    /** Rotation only: {@code RandomAffine(degrees)}. */
    public RandomAffine(double degrees) {
        this(new double[] {degrees}, null, null, null, InterpolationMode.NEAREST, null, null);
    }

    /**
     * The drawn {@code [angle, tx, ty, scale, shear_x, shear_y]} for an image {@code width × height}
     * ({@code RandomAffine.get_params}); translations are rounded half to even as Python's round.
     */
    public double[] getParams(int width, int height, RandomDraws draws) {
        double angle = draws.uniform(degrees[0], degrees[1]);
        double tx = 0;
        double ty = 0;
        if (translate != null) {
            double maxDx = translate[0] * width;
            double maxDy = translate[1] * height;
            tx = Math.rint(draws.uniform(-maxDx, maxDx));
            ty = Math.rint(draws.uniform(-maxDy, maxDy));
        }
        double s = scale == null ? 1.0 : draws.uniform(scale[0], scale[1]);
        double sx = 0;
        double sy = 0;
        if (shear != null) {
            sx = draws.uniform(shear[0], shear[1]);
            if (shear.length == 4) {
                sy = draws.uniform(shear[2], shear[3]);
            }
        }
        return new double[] {angle, tx, ty, s, sx, sy};
    }

    /** Warps with parameters drawn from {@code draws}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        long[] chw = Functional.dims("RandomAffine", img);
        double[] p = getParams((int) chw[2], (int) chw[1], draws);
        return AffineFunctional.affine(img, p[0], new double[] {p[1], p[2]}, p[3], new double[] {p[4], p[5]}, mode,
                fill, center);
    }

    @Override
    public String toString() {
        return "RandomAffine(degrees=" + Arrays.toString(degrees)
                + (translate == null ? "" : ", translate=" + Arrays.toString(translate))
                + (scale == null ? "" : ", scale=" + Arrays.toString(scale))
                + (shear == null ? "" : ", shear=" + Arrays.toString(shear)) + ", interpolation=" + mode
                + ", fill=" + Arrays.toString(fill) + (center == null ? "" : ", center=" + Arrays.toString(center)) + ")";
    }
}
