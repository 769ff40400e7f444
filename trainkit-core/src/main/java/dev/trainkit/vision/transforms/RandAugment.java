package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * RandAugment ({@code torchvision.transforms.RandAugment}): {@code num_ops} ops drawn uniformly
 * from 14 (Identity, shears, translations, rotation, colour ops, Posterize, Solarize,
 * AutoContrast, Equalize), all at the same {@code magnitude} bin out of
 * {@code num_magnitude_bins}, each with a random sign where signed. Input: uint8
 * {@code [..., 1 or 3, H, W]}.
 *
 * <pre>{@code
 * new RandAugment();                 // RandAugment(num_ops=2, magnitude=9, num_magnitude_bins=31)
 * new RandAugment(2, 15, 31, InterpolationMode.BILINEAR, null);
 * }</pre>
 *
 * <p>Draws per op, in torchvision's order: the op, then the sign if the op is signed; inject them
 * with {@link #apply(Tensor, RandomDraws)}.
 */
public final class RandAugment implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandAugment").param("num_ops", 2).param("magnitude", 9).param("num_magnitude_bins", 31)
                    .param("interpolation", "nearest").param("fill", null).build(),
            "num_ops random ops at one magnitude",
            a -> new RandAugment(a.getInt("num_ops"), a.getInt("magnitude"), a.getInt("num_magnitude_bins"),
                    TransformArgs.interpolation(a, "interpolation"), TransformArgs.doubles(a, "fill")));

    private final int numOps;
    private final int magnitude;
    private final int numMagnitudeBins;
    private final InterpolationMode mode;
    private final double[] fill;
    private final SpaceCache spaces;

    /** torchvision's defaults: 2 ops at magnitude 9 of 31 bins, nearest, zero fill. */
    public RandAugment() {
        this(2, 9, 31, InterpolationMode.NEAREST, null);
    }

    /**
     * @throws IllegalArgumentException for num_ops &lt; 0, fewer than 2 bins or a magnitude outside
     *     {@code [0, num_magnitude_bins)} (torchvision would fail with an index error per image)
     */
    public RandAugment(int numOps, int magnitude, int numMagnitudeBins, InterpolationMode mode, double[] fill) {
        if (numOps < 0) {
            throw new IllegalArgumentException("RandAugment: num_ops must be >= 0, got " + numOps);
        }
        if (numMagnitudeBins < 2) {
            throw new IllegalArgumentException("RandAugment: num_magnitude_bins must be >= 2, got " + numMagnitudeBins);
        }
        if (magnitude < 0 || magnitude >= numMagnitudeBins) {
            throw new IllegalArgumentException("RandAugment: magnitude must be in [0, num_magnitude_bins) = [0, "
                    + numMagnitudeBins + "), got " + magnitude);
        }
        this.numOps = numOps;
        this.magnitude = magnitude;
        this.numMagnitudeBins = numMagnitudeBins;
        this.mode = AutoAugmentOps.checkMode("RandAugment", mode);
        this.fill = fill == null ? null : fill.clone();
        this.spaces = new SpaceCache((h, w) -> space(numMagnitudeBins, h, w));
    }

    /** torchvision's RandAugment {@code _augmentation_space(num_bins, (height, width))}. */
    static AugmentationSpace space(int bins, long height, long width) {
        return new AugmentationSpace()
                .plain("Identity")
                .imagenetOps(bins, height, width);
    }

    /** Applies {@code num_ops} ops drawn from {@code draws}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        long[] chw = AutoAugmentOps.checkPolicyInput("RandAugment", img);
        AugmentationSpace space = spaces.get(chw[1], chw[2]);
        for (int i = 0; i < numOps; i++) {
            AugmentationSpace.Choice c = space.draw(draws, magnitude, 0);
            img = AutoAugmentOps.apply(img, c.op(), c.magnitude(), mode, fill);
        }
        return img;
    }

    @Override
    public String toString() {
        return "RandAugment(num_ops=" + numOps + ", magnitude=" + magnitude + ", num_magnitude_bins="
                + numMagnitudeBins + ", interpolation=" + mode + ", fill=" + (fill == null ? "None"
                : Arrays.toString(fill)) + ")";
    }
}
