package dev.trainkit.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled image as the per-item part of a uint8 pipeline leaves it: interleaved uint8
 * pixels ({@code height × width × channels}, the layout decoders and PIL hold), the class label
 * and, when a {@code RandomErasing} drew a rectangle for this item, that rectangle. The
 * conversion to float and the normalisation happen once per batch in {@link Uint8Collate}
 * (torchvision v2's {@code ToDtype(float32, scale=True)} + {@code Normalize} applied to a
 * collated uint8 batch), which also fills the rectangle, so a sample is a quarter of the size
 * of its float {@link Sample}.
 *
 * <pre>{@code
 * Uint8Sample s = new Uint8Sample(new byte[2 * 2 * 3], 3, 2, 2, 7, null);
 * s.label();                       // 7
 * }</pre>
 *
 * @param pixels   {@code height * width * channels} bytes, row-major with channels innermost
 * @param channels C (1 or 3 for images)
 * @param height   H
 * @param width    W
 * @param label    the class index
 * @param erased   {@code [top, left, height, width]} to fill with the erasing value after
 *                 normalisation ({@code F.erase}), or null
 */
public record Uint8Sample(byte[] pixels, int channels, int height, int width, long label, int[] erased) {

    /** Validates the sizes and the rectangle. */
    public Uint8Sample {
        Objects.requireNonNull(pixels, "Uint8Sample: pixels");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Uint8Sample: channels, height and width must be >= 1, got "
                    + channels + ", " + height + ", " + width);
        }
        if ((long) channels * height * width != pixels.length) {
            throw new IllegalArgumentException("Uint8Sample: " + height + "x" + width + "x" + channels + " needs "
                    + (long) channels * height * width + " bytes, got " + pixels.length);
        }
        if (erased != null) {
            if (erased.length != 4 || erased[0] < 0 || erased[1] < 0 || erased[2] < 0 || erased[3] < 0
                    || erased[0] + erased[2] > height || erased[1] + erased[3] > width) {
                throw new IllegalArgumentException("Uint8Sample: erased must be [top, left, height, width] inside the "
                        + height + "x" + width + " image, got " + Arrays.toString(erased));
            }
            erased = erased.clone();
        }
    }

    /** The planar shape {@code [C, H, W]} the collated batch gives each sample. */
    public long[] shape() {
        return new long[] {channels, height, width};
    }

    @Override
    public int[] erased() {
        return erased == null ? null : erased.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Uint8Sample s && label == s.label && channels == s.channels && height == s.height
                && width == s.width && Arrays.equals(pixels, s.pixels) && Arrays.equals(erased, s.erased);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(pixels), channels, height, width, label, Arrays.hashCode(erased));
    }

    @Override
    public String toString() {
        return "Uint8Sample(shape=[" + channels + ", " + height + ", " + width + "], label=" + label
                + (erased == null ? "" : ", erased=" + Arrays.toString(erased)) + ")";
    }
}
