package dev.trainkit.vision.transforms;

/**
 * How {@link Resize} samples the image ({@code torchvision.transforms.InterpolationMode}).
 *
 * <pre>{@code
 * new Resize(new int[] {224}, InterpolationMode.NEAREST, null, false);  // Resize(224, NEAREST)
 * }</pre>
 */
public enum InterpolationMode {
    /** {@code InterpolationMode.NEAREST}: ATen's legacy {@code nearest}, as torchvision uses. */
    NEAREST,
    /** {@code InterpolationMode.BILINEAR}, the default; {@code align_corners=False}. */
    BILINEAR,
    /**
     * {@code InterpolationMode.BICUBIC}; {@code align_corners=False}, ATen's
     * {@code upsample_bicubic2d} (A = −0.75) or, antialiased, {@code _upsample_bicubic2d_aa}
     * (A = −0.5, PIL's filter). uint8 results are clamped to [0, 255] before rounding, as
     * torchvision does.
     */
    BICUBIC
}
