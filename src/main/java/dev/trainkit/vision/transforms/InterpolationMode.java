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
    BILINEAR
}
