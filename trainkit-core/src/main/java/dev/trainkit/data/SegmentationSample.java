package dev.trainkit.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One segmentation example as plain Java data: an image {@code [C, H, W]} (row-major floats) and
 * its per-pixel class mask {@code [H, W]}. It is what {@code (image, mask)} is in a torchvision
 * segmentation dataset ({@code VOCSegmentation}, {@code Cityscapes}), kept as arrays so that
 * DataLoader workers hand it over without native memory crossing threads, exactly like
 * {@link Sample} does for one integer label. {@link SegmentationBatch#collate} stacks a list of
 * them.
 *
 * <pre>{@code
 * SegmentationSample s = shapes.get(0);
 * s.height();            // H
 * s.mask()[y * s.width() + x];   // class index of pixel (y, x)   # mask[y, x]
 * }</pre>
 *
 * @param image the image values, row-major
 * @param shape the image shape {@code [C, H, W]}; its product equals {@code image.length}
 * @param mask  the class index of each pixel, row-major {@code [H, W]}
 */
public record SegmentationSample(float[] image, long[] shape, long[] mask) {

    /** Validates that {@code shape} is {@code [C, H, W]}, describes {@code image} and matches {@code mask}. */
    public SegmentationSample {
        Objects.requireNonNull(image, "SegmentationSample: image");
        Objects.requireNonNull(shape, "SegmentationSample: shape");
        Objects.requireNonNull(mask, "SegmentationSample: mask");
        if (shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException("SegmentationSample: shape must be [C, H, W] with positive sizes, got "
                    + Arrays.toString(shape));
        }
        if (shape[0] * shape[1] * shape[2] != image.length) {
            throw new IllegalArgumentException("SegmentationSample: shape " + Arrays.toString(shape) + " holds "
                    + shape[0] * shape[1] * shape[2] + " values, but image has " + image.length);
        }
        if (shape[1] * shape[2] != mask.length) {
            throw new IllegalArgumentException("SegmentationSample: mask must hold H*W = " + shape[1] * shape[2]
                    + " values for image shape " + Arrays.toString(shape) + ", got " + mask.length);
        }
    }

    /** The number of image channels C. */
    public int channels() {
        return (int) shape[0];
    }

    /** The image height H. */
    public int height() {
        return (int) shape[1];
    }

    /** The image width W. */
    public int width() {
        return (int) shape[2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentationSample s && Arrays.equals(shape, s.shape) && Arrays.equals(image, s.image)
                && Arrays.equals(mask, s.mask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(image) + Arrays.hashCode(shape)) + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "SegmentationSample(shape=" + Arrays.toString(shape) + ")";
    }
}
