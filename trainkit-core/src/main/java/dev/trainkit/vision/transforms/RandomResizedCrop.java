package dev.trainkit.vision.transforms;

import dev.trainkit.data.SampleRandom;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecTuple;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Crops a random area and aspect ratio, then resizes to {@code size}
 * ({@code torchvision.transforms.RandomResizedCrop}), the standard ImageNet training crop.
 *
 * <pre>{@code
 * new RandomResizedCrop(224);       // RandomResizedCrop(224, scale=(0.08, 1.0), ratio=(3/4, 4/3))
 * new RandomResizedCrop(new int[] {224, 224}, new double[] {0.5, 1}, new double[] {0.75, 4.0 / 3},
 *         InterpolationMode.BILINEAR, true);
 * }</pre>
 *
 * <p>The parameters are drawn as torchvision draws them (10 tries of area and log-uniform ratio,
 * then a central fallback) but from {@link SampleRandom}, so they are reproducible per seed and
 * differ from torch's RNG stream. Antialias defaults to true as in torchvision 0.17+ (see
 * {@link Resize}).
 */
public final class RandomResizedCrop implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("RandomResizedCrop").required("size").param("scale", new SpecTuple(List.of(0.08, 1.0)))
                    .param("ratio", new SpecTuple(List.of(3.0 / 4.0, 4.0 / 3.0))).param("interpolation", "bilinear")
                    .param("antialias", true).build(),
            "crops a random area and aspect ratio, resized to size",
            a -> new RandomResizedCrop(TransformArgs.ints(a, "size"), TransformArgs.doubles(a, "scale"),
                    TransformArgs.doubles(a, "ratio"), TransformArgs.interpolation(a, "interpolation"), a.getBool("antialias")));

    private final int[] size;
    private final double[] scale;
    private final double[] ratio;
    private final InterpolationMode mode;
    private final boolean antialias;
    private final boolean nativeUint8;

    /** A square output with torchvision's default scale (0.08, 1) and ratio (3/4, 4/3). */
    public RandomResizedCrop(int size) {
        this(new int[] {size, size}, new double[] {0.08, 1.0}, new double[] {3.0 / 4.0, 4.0 / 3.0},
                InterpolationMode.BILINEAR, true);
    }

    /**
     * @param size  output {@code [h, w]} (or {@code [s]} for a square)
     * @param scale range of the crop's area as a fraction of the image's
     * @param ratio range of the crop's aspect ratio w/h
     * @throws IllegalArgumentException for empty or reversed ranges or non-positive sizes
     */
    public RandomResizedCrop(int[] size, double[] scale, double[] ratio, InterpolationMode mode, boolean antialias) {
        this(size, scale, ratio, mode, antialias, false);
    }

    private RandomResizedCrop(int[] size, double[] scale, double[] ratio, InterpolationMode mode, boolean antialias,
            boolean nativeUint8) {
        if (size.length == 1) {
            size = new int[] {size[0], size[0]};
        }
        if (size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw new IllegalArgumentException("RandomResizedCrop: size must be [s] or [h, w] with values >= 1, got "
                    + Arrays.toString(size));
        }
        checkRange("scale", scale, 0);
        checkRange("ratio", ratio, Double.MIN_VALUE);
        if (antialias && mode == InterpolationMode.NEAREST) {
            throw new IllegalArgumentException("RandomResizedCrop: antialias is only supported with BILINEAR and"
                    + " BICUBIC, got " + mode);
        }
        this.size = size.clone();
        this.scale = scale.clone();
        this.ratio = ratio.clone();
        this.mode = mode;
        this.antialias = antialias;
        this.nativeUint8 = nativeUint8;
    }

    /**
     * This crop with uint8 images resized by ATen's uint8 kernels instead of in float32 (see
     * {@link Resize#nativeUint8()}); the same crop parameters are drawn.
     */
    public RandomResizedCrop nativeUint8() {
        return new RandomResizedCrop(size, scale, ratio, mode, antialias, true);
    }

    private static void checkRange(String name, double[] r, double min) {
        if (r.length != 2 || !(r[0] >= min) || !(r[0] <= r[1])) {
            throw new IllegalArgumentException("RandomResizedCrop: " + name + " should be (min, max) with "
                    + (min == 0 ? "0" : "0 <") + " <= min <= max, got " + Arrays.toString(r));
        }
    }

    /**
     * The crop {@code [top, left, height, width]} for an image of {@code height × width}
     * ({@code RandomResizedCrop.get_params}).
     */
    public static int[] getParams(int height, int width, double[] scale, double[] ratio, SplittableRandom rng) {
        double area = (double) height * width;
        double logR0 = Math.log(ratio[0]);
        double logR1 = Math.log(ratio[1]);
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * (scale[0] + (scale[1] - scale[0]) * rng.nextDouble());
            double aspect = Math.exp(logR0 + (logR1 - logR0) * rng.nextDouble());
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect)); // Python round: half to even
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int i = rng.nextInt(height - h + 1);
                int j = rng.nextInt(width - w + 1);
                return new int[] {i, j, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < Math.min(ratio[0], ratio[1])) {
            w = width;
            h = (int) Math.rint(w / Math.min(ratio[0], ratio[1]));
        } else if (inRatio > Math.max(ratio[0], ratio[1])) {
            h = height;
            w = (int) Math.rint(h * Math.max(ratio[0], ratio[1]));
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    @Override
    public Tensor apply(Tensor img) {
        long[] chw = Functional.dims("RandomResizedCrop", img);
        int[] p = getParams((int) chw[1], (int) chw[2], scale, ratio, SampleRandom.current());
        return Functional.resizedCrop(img, p[0], p[1], p[2], p[3], size, mode, antialias, nativeUint8);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(size=" + Arrays.toString(size) + ", scale=" + Arrays.toString(scale) + ", ratio="
                + Arrays.toString(ratio) + ", interpolation=" + mode + ", antialias=" + antialias + (nativeUint8 ? ", native_uint8=True" : "") + ")";
    }
}
