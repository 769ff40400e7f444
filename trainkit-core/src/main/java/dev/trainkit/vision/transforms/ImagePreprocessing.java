package dev.trainkit.vision.transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact evaluation preprocessing of a model, as plain data that a run directory records
 * and any reader (TrainKit's {@code evaluate}/{@code predict}, a Python script) rebuilds:
 * optional grayscale conversion to {@code channels}, {@code Resize(resize_size, interpolation,
 * antialias)}, optional {@code CenterCrop(crop_size)}, {@code ToTensor()} (uint8 to [0, 1]) and,
 * when {@code mean} is given, {@code Normalize(mean, std)}.
 *
 * <pre>{@code
 * ImagePreprocessing p = ImagePreprocessing.resized(64, 64).normalized(new double[] {0.485, 0.456, 0.406},
 *         new double[] {0.229, 0.224, 0.225});
 * Tensor x = p.pipeline().apply(ImageLoader.load(file));   // [3, 64, 64] float32
 * // PyTorch: T.Compose([T.Resize([64, 64], antialias=True), T.ToTensor(), T.Normalize(mean, std)])(img)
 * }</pre>
 *
 * @param resizeSize one value (the shorter side, aspect kept) or two ({@code [h, w]})
 * @param cropSize centre-crop side, or null for no crop
 * @param interpolation {@code nearest}, {@code bilinear} or {@code bicubic}
 * @param antialias whether the resize antialiases (torchvision 2.x's default, and always for PIL images)
 * @param mean per-channel mean, or null for no normalisation
 * @param std per-channel standard deviation, or null (exactly when {@code mean} is)
 * @param channels the model's input channels (1 or 3)
 * @param grayscale whether images are converted to grayscale first ({@code Grayscale(channels)})
 */
public record ImagePreprocessing(int[] resizeSize, Integer cropSize, String interpolation, boolean antialias,
        double[] mean, double[] std, int channels, boolean grayscale) {

    private static final List<String> MODES = List.of("nearest", "bilinear", "bicubic");

    /** Validates and copies the arrays. */
    public ImagePreprocessing {
        if (resizeSize == null || resizeSize.length < 1 || resizeSize.length > 2
                || Arrays.stream(resizeSize).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("ImagePreprocessing: resize_size must be one or two positive sizes, got "
                    + Arrays.toString(resizeSize));
        }
        if (cropSize != null && cropSize < 1) {
            throw new IllegalArgumentException("ImagePreprocessing: crop_size must be positive, got " + cropSize);
        }
        if (!MODES.contains(interpolation)) {
            throw new IllegalArgumentException("ImagePreprocessing: interpolation must be one of " + MODES + ", got '"
                    + interpolation + "'");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("ImagePreprocessing: channels must be 1 or 3, got " + channels);
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("ImagePreprocessing: give mean and std together (or neither)");
        }
        if (mean != null) {
            if (mean.length != std.length || (mean.length != 1 && mean.length != channels)) {
                throw new IllegalArgumentException("ImagePreprocessing: mean and std need 1 or " + channels
                        + " values each (one per channel), got " + mean.length + " and " + std.length);
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("ImagePreprocessing: std must be positive, got " + s);
                }
            }
            mean = mean.clone();
            std = std.clone();
        }
        resizeSize = resizeSize.clone();
    }

    /** Resize to {@code h×w} (bilinear, antialiased), RGB, no crop, no normalisation. */
    public static ImagePreprocessing resized(int h, int w) {
        return new ImagePreprocessing(new int[] {h, w}, null, "bilinear", true, null, null, 3, false);
    }

    /** This preprocessing with {@code Normalize(mean, std)} at the end (null, null: without). */
    public ImagePreprocessing normalized(double[] mean, double[] std) {
        return new ImagePreprocessing(resizeSize, cropSize, interpolation, antialias, mean, std, channels, grayscale);
    }

    /** This preprocessing converting images to grayscale with {@code channels} output channels first. */
    public ImagePreprocessing grayscaleTo(int channels) {
        return new ImagePreprocessing(resizeSize, cropSize, interpolation, antialias, mean, std, channels, true);
    }

    /** The sample shape the model sees, {@code [C, H, W]}, when the output size is fixed; null otherwise. */
    public long[] outputShape() {
        if (cropSize != null) {
            return new long[] {channels, cropSize, cropSize};
        }
        return resizeSize.length == 2 ? new long[] {channels, resizeSize[0], resizeSize[1]} : null;
    }

    /** The transform on decoded images ({@code [C, H, W]} uint8, 1 or 3 channels). */
    public Compose pipeline() {
        return pipelineFor(0, 0, 0);
    }

    /**
     * The same transform for inputs known to be {@code [c, h, w]}: steps that would not change
     * such an input (grayscale of a 1-channel image to 1 channel, a resize to its own size) are
     * left out, which gives the same values faster. Zeros: unknown.
     */
    public Compose pipelineFor(int c, int h, int w) {
        List<Transform> ts = new ArrayList<>();
        if (grayscale && !(c == 1 && channels == 1)) {
            ts.add(new Grayscale(channels));
        }
        boolean sameSize = resizeSize.length == 2 ? resizeSize[0] == h && resizeSize[1] == w
                : h == w && resizeSize[0] == h;
        if (!sameSize) {
            ts.add(resize());
        }
        if (cropSize != null) {
            ts.add(new CenterCrop(cropSize));
        }
        ts.add(new ToTensor());
        if (mean != null) {
            ts.add(new Normalize(mean, std));
        }
        return Compose.of(ts.toArray(new Transform[0]));
    }

    /**
     * The same preprocessing split for the fast uint8 path ({@link ImagePipeline}): grayscale,
     * resize (ATen's uint8 kernels) and centre crop per image in uint8, ToTensor and Normalize
     * once per batch. Values within one level of {@link #pipeline()} before normalisation.
     */
    public ImagePipeline uint8Pipeline() {
        List<Transform> ts = new ArrayList<>();
        if (grayscale) {
            ts.add(new Grayscale(channels));
        }
        ts.add(resize().nativeUint8());
        if (cropSize != null) {
            ts.add(new CenterCrop(cropSize));
        }
        return new ImagePipeline(Compose.of(ts.toArray(new Transform[0])), mean, std, null);
    }

    private Resize resize() {
        InterpolationMode mode = switch (interpolation) {
            case "nearest" -> InterpolationMode.NEAREST;
            case "bicubic" -> InterpolationMode.BICUBIC;
            default -> InterpolationMode.BILINEAR;
        };
        return new Resize(resizeSize, mode, null, antialias && mode != InterpolationMode.NEAREST);
    }

    /** As plain data with snake_case keys (for JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resize_size", Arrays.stream(resizeSize).boxed().toList());
        m.put("crop_size", cropSize);
        m.put("interpolation", interpolation);
        m.put("antialias", antialias);
        m.put("mean", mean == null ? null : Arrays.stream(mean).boxed().toList());
        m.put("std", std == null ? null : Arrays.stream(std).boxed().toList());
        m.put("channels", channels);
        m.put("grayscale", grayscale);
        return m;
    }

    /** The inverse of {@link #toMap}; {@code where} names the source in errors. */
    public static ImagePreprocessing fromMap(Map<?, ?> m, String where) {
        try {
            List<?> resize = (List<?>) require(m, "resize_size", where);
            int[] r = resize.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            Object crop = m.get("crop_size");
            return new ImagePreprocessing(r, crop == null ? null : ((Number) crop).intValue(),
                    String.valueOf(require(m, "interpolation", where)),
                    !Boolean.FALSE.equals(m.get("antialias")), doubles(m.get("mean")), doubles(m.get("std")),
                    ((Number) require(m, "channels", where)).intValue(), Boolean.TRUE.equals(m.get("grayscale")));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(where + ": malformed preprocessing " + m + ": " + e.getMessage(), e);
        }
    }

    private static Object require(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": preprocessing has no '" + key + "' (keys: " + m.keySet() + ")");
        }
        return v;
    }

    private static double[] doubles(Object v) {
        return v == null ? null : ((List<?>) v).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    @Override
    public int[] resizeSize() {
        return resizeSize.clone();
    }

    @Override
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    @Override
    public double[] std() {
        return std == null ? null : std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePreprocessing p && toMap().equals(p.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return pipeline().toString();
    }
}
