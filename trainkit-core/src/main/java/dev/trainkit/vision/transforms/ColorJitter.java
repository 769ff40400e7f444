package dev.trainkit.vision.transforms;

import dev.trainkit.data.SampleRandom;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Randomly changes brightness, contrast, saturation and hue, in a random order
 * ({@code torchvision.transforms.ColorJitter}). A single value v means the factor range
 * {@code [max(0, 1 - v), 1 + v]} (hue: {@code [-v, v]}, v ≤ 0.5); a range is taken as given.
 *
 * <pre>{@code
 * new ColorJitter(0.4, 0.4, 0.4, 0.1);      // ColorJitter(0.4, 0.4, 0.4, 0.1)
 * new ColorJitter(new double[] {0.8, 1.2}, null, null, null);   // brightness only
 * }</pre>
 *
 * <p>Factors and order are drawn from {@link SampleRandom}; the adjustments are
 * {@link ColorFunctional}'s, which match torchvision's tensor formulas.
 */
public final class ColorJitter implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("ColorJitter").param("brightness", 0).param("contrast", 0).param("saturation", 0)
                    .param("hue", 0).build(),
            "random brightness, contrast, saturation and hue, in random order",
            a -> new ColorJitter(jitterRange(a, "brightness"), jitterRange(a, "contrast"), jitterRange(a, "saturation"),
                    jitterRange(a, "hue")));

    private final double[] brightness;
    private final double[] contrast;
    private final double[] saturation;
    private final double[] hue;

    /** Jitter amounts as single values (0 disables one). */
    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        this(around1("brightness", brightness), around1("contrast", contrast), around1("saturation", saturation),
                hueRange(hue));
    }

    /**
     * Explicit factor ranges {@code [min, max]}, or null to leave a property unchanged.
     *
     * @throws IllegalArgumentException for reversed or out-of-bound ranges
     */
    public ColorJitter(double[] brightness, double[] contrast, double[] saturation, double[] hue) {
        this.brightness = check("brightness", brightness, 0, Double.POSITIVE_INFINITY, 1);
        this.contrast = check("contrast", contrast, 0, Double.POSITIVE_INFINITY, 1);
        this.saturation = check("saturation", saturation, 0, Double.POSITIVE_INFINITY, 1);
        this.hue = check("hue", hue, -0.5, 0.5, 0);
    }

    /** A spec argument: a number v (range around 1, hue: [-v, v]) or a (min, max) pair. */
    private static double[] jitterRange(dev.trainkit.spec.SpecArgs a, String name) {
        double[] v = TransformArgs.doubles(a, name);
        if (v != null && v.length == 1) {
            return name.equals("hue") ? hueRange(v[0]) : around1(name, v[0]);
        }
        return v;
    }

    private static double[] around1(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("ColorJitter: if " + name + " is a single number, it must be non"
                    + " negative, got " + v);
        }
        return new double[] {Math.max(0, 1 - v), 1 + v};
    }

    private static double[] hueRange(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("ColorJitter: if hue is a single number, it must be non negative, got "
                    + v);
        }
        return new double[] {-v, v};
    }

    /** Validates a range; a range that is exactly {@code [center, center]} means "unchanged" (null). */
    private static double[] check(String name, double[] r, double lo, double hi, double center) {
        if (r == null) {
            return null;
        }
        if (r.length != 2 || !(lo <= r[0] && r[0] <= r[1] && r[1] <= hi)) {
            throw new IllegalArgumentException("ColorJitter: " + name + " values should be between (" + lo + ", "
                    + hi + ") as (min, max), got " + Arrays.toString(r));
        }
        return r[0] == center && r[1] == center ? null : r.clone();
    }

    private static double uniform(double[] r, SplittableRandom rng) {
        return r[0] + (r[1] - r[0]) * rng.nextDouble();
    }

    @Override
    public Tensor apply(Tensor img) {
        SplittableRandom rng = SampleRandom.current();
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        // factors are drawn before applying, in a fixed order, as torchvision's get_params does
        double b = brightness == null ? Double.NaN : uniform(brightness, rng);
        double c = contrast == null ? Double.NaN : uniform(contrast, rng);
        double s = saturation == null ? Double.NaN : uniform(saturation, rng);
        double h = hue == null ? Double.NaN : uniform(hue, rng);
        for (int fn : order) {
            if (fn == 0 && brightness != null) {
                img = ColorFunctional.adjustBrightness(img, b);
            } else if (fn == 1 && contrast != null) {
                img = ColorFunctional.adjustContrast(img, c);
            } else if (fn == 2 && saturation != null) {
                img = ColorFunctional.adjustSaturation(img, s);
            } else if (fn == 3 && hue != null) {
                img = ColorFunctional.adjustHue(img, h);
            }
        }
        return img;
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness=" + Arrays.toString(brightness) + ", contrast=" + Arrays.toString(contrast)
                + ", saturation=" + Arrays.toString(saturation) + ", hue=" + Arrays.toString(hue) + ")";
    }
}
