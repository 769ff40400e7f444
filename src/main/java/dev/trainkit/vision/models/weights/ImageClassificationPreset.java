package dev.trainkit.vision.models.weights;

import java.util.List;

/**
 * The inference preprocessing that goes with a set of weights, as torchvision's
 * {@code ImageClassification} preset: resize the shorter side to {@code resizeSize} with
 * {@code interpolation}, centre-crop {@code cropSize}², scale to [0, 1], then normalise with
 * {@code mean} and {@code std} per channel. Plain data; the transforms package turns it into a
 * pipeline.
 *
 * <pre>{@code
 * ImageClassificationPreset p = ResNet50Weights.IMAGENET1K_V2.transforms();
 * p.resizeSize();   // 232, as ResNet50_Weights.IMAGENET1K_V2.transforms().resize_size
 * p.cropSize();     // 224
 * }</pre>
 *
 * @param cropSize centre-crop side in pixels ({@code crop_size})
 * @param resizeSize shorter-side resize target in pixels ({@code resize_size})
 * @param mean per-channel mean (RGB)
 * @param std per-channel standard deviation (RGB)
 * @param interpolation torchvision's {@code InterpolationMode} in lower case, e.g. "bilinear"
 */
public record ImageClassificationPreset(long cropSize, long resizeSize, double[] mean, double[] std,
        String interpolation) {

    /** Validates and defensively copies. */
    public ImageClassificationPreset {
        if (cropSize <= 0 || resizeSize <= 0) {
            throw new IllegalArgumentException("ImageClassificationPreset: crop_size and resize_size must be positive,"
                    + " got crop_size=" + cropSize + ", resize_size=" + resizeSize);
        }
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("ImageClassificationPreset: mean and std must have 3 values (RGB)");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("ImageClassificationPreset: std must be positive, got " + s);
            }
        }
        List<String> modes = List.of("nearest", "bilinear", "bicubic");
        if (!modes.contains(interpolation)) {
            throw new IllegalArgumentException("ImageClassificationPreset: interpolation must be one of " + modes
                    + ", got '" + interpolation + "'");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageClassificationPreset p && p.cropSize == cropSize && p.resizeSize == resizeSize
                && java.util.Arrays.equals(p.mean, mean) && java.util.Arrays.equals(p.std, std)
                && p.interpolation.equals(interpolation);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(cropSize, resizeSize, java.util.Arrays.hashCode(mean),
                java.util.Arrays.hashCode(std), interpolation);
    }

    @Override
    public String toString() {
        return "ImageClassification(crop_size=[" + cropSize + "], resize_size=[" + resizeSize + "], mean="
                + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std) + ", interpolation="
                + interpolation + ")";
    }
}
