package dev.trainkit.vision.models.weights;

import dev.trainkit.vision.transforms.CenterCrop;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.InterpolationMode;
import dev.trainkit.vision.transforms.Normalize;
import dev.trainkit.vision.transforms.Resize;
import dev.trainkit.vision.transforms.ToTensor;
import java.util.List;

/**
 * The inference preprocessing that goes with a set of weights, as torchvision's
 * {@code ImageClassification} preset: resize the shorter side to {@code resizeSize} with
 * {@code interpolation}, centre-crop {@code cropSize}², scale to [0, 1], then normalise with
 * {@code mean} and {@code std} per channel. Plain data; the transforms package turns it into a
 * pipeline with {@link #pipeline()}.
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

    /**
     * The preset as a transform pipeline on decoded images (uint8 or float {@code [C, H, W]}):
     * {@code Compose(Resize(resize_size, interpolation, antialias=True), CenterCrop(crop_size), ToTensor(),
     * Normalize(mean, std))}, as torchvision's {@code ImageClassification} forward (resize, crop,
     * {@code convert_image_dtype} to float in [0, 1], normalize) with PyTorch 2.x's
     * {@code antialias=True} default (what PIL images always got).
     *
     * <pre>{@code
     * Tensor x = ResNet18Weights.DEFAULT.transforms().pipeline().apply(ImageLoader.load(file));
     * // x = ResNet18_Weights.DEFAULT.transforms()(read_image(file))
     * }</pre>
     *
     * @throws IllegalArgumentException for "nearest", which has no antialiased resize (no
     *     torchvision weights use it)
     */
    public Compose pipeline() {
        InterpolationMode mode = switch (interpolation) {
            case "bilinear" -> InterpolationMode.BILINEAR;
            case "bicubic" -> InterpolationMode.BICUBIC;
            default -> throw new IllegalArgumentException("ImageClassificationPreset: interpolation '" + interpolation
                    + "' has no antialiased Resize; expected bilinear or bicubic");
        };
        return Compose.of(new Resize(new int[] {Math.toIntExact(resizeSize)}, mode, null, true),
                new CenterCrop(Math.toIntExact(cropSize)), new ToTensor(), new Normalize(mean, std));
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
