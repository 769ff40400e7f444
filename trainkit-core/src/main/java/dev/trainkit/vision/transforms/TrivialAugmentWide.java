package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * TrivialAugment Wide ({@code torchvision.transforms.TrivialAugmentWide}): one op drawn uniformly
 * from 14, at a magnitude bin drawn uniformly, with a random sign where signed; the wide ranges
 * (shear 0.99, translate 32 px, rotate 135°, posterize down to 2 bits). Input: uint8
 * {@code [..., 1 or 3, H, W]}.
 *
 * <pre>{@code
 * new TrivialAugmentWide();          // TrivialAugmentWide(num_magnitude_bins=31)
 * }</pre>
 *
 * <p>Draws, in torchvision's order: the op, its bin (if it has magnitudes), its sign (if signed).
 */
public final class TrivialAugmentWide implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("TrivialAugmentWide").param("num_magnitude_bins", 31)
                    .param("interpolation", "nearest").param("fill", null).build(),
            "one random op at a random magnitude",
            a -> new TrivialAugmentWide(a.getInt("num_magnitude_bins"), TransformArgs.interpolation(a, "interpolation"),
                    TransformArgs.doubles(a, "fill")));

    private final int numMagnitudeBins;
    private final InterpolationMode mode;
    private final double[] fill;
    private final SpaceCache spaces;

    /** 31 bins, nearest, zero fill. */
    public TrivialAugmentWide() {
        this(31, InterpolationMode.NEAREST, null);
    }

    /** @throws IllegalArgumentException for fewer than 2 bins */
    public TrivialAugmentWide(int numMagnitudeBins, InterpolationMode mode, double[] fill) {
        if (numMagnitudeBins < 2) {
            throw new IllegalArgumentException("TrivialAugmentWide: num_magnitude_bins must be >= 2, got "
                    + numMagnitudeBins);
        }
        this.numMagnitudeBins = numMagnitudeBins;
        this.mode = AutoAugmentOps.checkMode("TrivialAugmentWide", mode);
        this.fill = fill == null ? null : fill.clone();
        this.spaces = new SpaceCache((h, w) -> space(numMagnitudeBins));
    }

    /** torchvision's TrivialAugmentWide {@code _augmentation_space(num_bins)}. */
    static AugmentationSpace space(int bins) {
        return new AugmentationSpace()
                .plain("Identity")
                .linear("ShearX", 0.0, 0.99, bins, true)
                .linear("ShearY", 0.0, 0.99, bins, true)
                .linear("TranslateX", 0.0, 32.0, bins, true)
                .linear("TranslateY", 0.0, 32.0, bins, true)
                .linear("Rotate", 0.0, 135.0, bins, true)
                .linear("Brightness", 0.0, 0.99, bins, true)
                .linear("Color", 0.0, 0.99, bins, true)
                .linear("Contrast", 0.0, 0.99, bins, true)
                .linear("Sharpness", 0.0, 0.99, bins, true)
                .posterize(8, 6, bins)
                .linear("Solarize", 255.0, 0.0, bins, false)
                .plain("AutoContrast")
                .plain("Equalize");
    }

    /** Applies one op drawn from {@code draws}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        AutoAugmentOps.checkPolicyInput("TrivialAugmentWide", img);
        AugmentationSpace.Choice c = spaces.get(0, 0).draw(draws, -1, numMagnitudeBins);
        return AutoAugmentOps.apply(img, c.op(), c.magnitude(), mode, fill);
    }

    @Override
    public String toString() {
        return "TrivialAugmentWide(num_magnitude_bins=" + numMagnitudeBins + ", interpolation=" + mode + ", fill="
                + (fill == null ? "None" : Arrays.toString(fill)) + ")";
    }
}
