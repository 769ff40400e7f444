package dev.trainkit.vision.datasets;

import dev.trainkit.data.Dataset;
import dev.trainkit.data.SegmentationSample;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.transforms.Functional;
import dev.trainkit.vision.transforms.InterpolationMode;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Image/mask pairs from {@code root/images/<name>.<png|jpg|...>} and {@code root/masks/<name>.png},
 * paired by file name without extension and sorted by it, for semantic segmentation. PyTorch has
 * no generic folder dataset for this (torchvision's {@code VOCSegmentation} reads one fixed
 * layout); this is the usual {@code Dataset} written for such folders.
 *
 * <pre>{@code
 * SegmentationFolder ds = SegmentationFolder.multiclass(Path.of("data/train"), 21)
 *         .ignoreIndex(255).resize(256, 256).transform(Normalize.imagenet());
 * SegmentationFolder bin = SegmentationFolder.binary(Path.of("data/nuclei"));   // 0/255 masks -> 0/1
 * SegmentationSample s = ds.get(0);     // image float32 [3, 256, 256], mask [256, 256]
 * }</pre>
 *
 * <p>Masks hold one class index per pixel: a grayscale or palette PNG (as VOC's; the palette
 * index is the class, as PIL's mode "P" gives it), or an RGB image whose three channels are
 * equal. In {@linkplain #binary binary mode} mask values 0 → 0 and 1 or 255 → 1; any other
 * value is an error. In multiclass mode a value {@code >= numClasses} is an error unless it is
 * the {@link #ignoreIndex ignore_index}, which is kept as is for the losses to skip.
 *
 * <p>Images are decoded by {@link ImageLoader} (RGB), scaled to float32 in [0, 1] (as
 * {@code ToTensor}), optionally resized (image bilinear, mask nearest) and then passed to the
 * image transform, which must keep the height and width (use {@link #resize} for geometry: a
 * geometric image transform would no longer match its mask). Pairing is checked when the
 * dataset is built; sizes and mask values are checked per item in {@link #get}, naming the file.
 * {@link #get} is thread-safe and returns plain arrays.
 */
public final class SegmentationFolder implements Dataset<SegmentationSample> {
    private final Path root;
    private final List<Path[]> pairs;
    private final int numClasses;
    private final boolean binary;
    private final Long ignoreIndex;
    private final int[] resize;
    private final Transform transform;

    private SegmentationFolder(Path root, List<Path[]> pairs, int numClasses, boolean binary, Long ignoreIndex,
            int[] resize, Transform transform) {
        this.root = root;
        this.pairs = pairs;
        this.numClasses = numClasses;
        this.binary = binary;
        this.ignoreIndex = ignoreIndex;
        this.resize = resize;
        this.transform = transform;
    }

    /**
     * Pairs with class-index masks of {@code numClasses} classes.
     *
     * @throws IOException naming the folder or file when a folder is missing or a pair is incomplete
     */
    public static SegmentationFolder multiclass(Path root, int numClasses) throws IOException {
        if (numClasses < 2) {
            throw new IllegalArgumentException("SegmentationFolder: num_classes must be >= 2, got " + numClasses);
        }
        return new SegmentationFolder(root, SegmentationPairs.find(root), numClasses, false, null, null, null);
    }

    /**
     * Pairs with binary masks (0 = background; 255 or 1 = foreground), read as 0/1.
     *
     * @throws IOException naming the folder or file when a folder is missing or a pair is incomplete
     */
    public static SegmentationFolder binary(Path root) throws IOException {
        return new SegmentationFolder(root, SegmentationPairs.find(root), 2, true, null, null, null);
    }

    /** The same dataset where mask value {@code index} means "ignore" ({@code ignore_index}); multiclass only. */
    public SegmentationFolder ignoreIndex(long index) {
        if (binary) {
            throw new IllegalArgumentException("SegmentationFolder: ignore_index is for multiclass masks;"
                    + " binary masks take only 0, 1 and 255");
        }
        if (index >= 0 && index < numClasses) {
            throw new IllegalArgumentException("SegmentationFolder: ignore_index " + index
                    + " is a valid class index (num_classes=" + numClasses + "); use a value outside [0, "
                    + numClasses + "), such as 255");
        }
        return new SegmentationFolder(root, pairs, numClasses, false, index, resize, transform);
    }

    /** The same dataset resizing images (bilinear) and masks (nearest) to {@code height × width}. */
    public SegmentationFolder resize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("SegmentationFolder: resize expects positive sizes, got " + height
                    + "x" + width);
        }
        return new SegmentationFolder(root, pairs, numClasses, binary, ignoreIndex, new int[] {height, width},
                transform);
    }

    /** The same dataset applying {@code t} to each float image in [0, 1]; it must keep H and W. */
    public SegmentationFolder transform(Transform t) {
        return new SegmentationFolder(root, pairs, numClasses, binary, ignoreIndex, resize, t);
    }

    /** The number of classes (2 in binary mode). */
    public int numClasses() {
        return numClasses;
    }

    /** Whether masks are read as binary. */
    public boolean isBinary() {
        return binary;
    }

    /** The image files, in dataset order. */
    public List<Path> images() {
        return pairs.stream().map(p -> p[0]).toList();
    }

    /** The mask files, in dataset order. */
    public List<Path> masks() {
        return pairs.stream().map(p -> p[1]).toList();
    }

    @Override
    public int size() {
        return pairs.size();
    }

    /**
     * Decodes pair {@code index}.
     *
     * @throws UncheckedIOException naming the file if it cannot be decoded
     * @throws IllegalArgumentException naming the file if the sizes differ or a mask value is invalid
     */
    @Override
    public SegmentationSample get(int index) {
        Path[] pair = pairs.get(Dataset.checkIndex("SegmentationFolder", index, pairs.size()));
        try (TensorScope scope = TensorScope.open()) {
            Tensor img = ImageLoader.load(pair[0]);
            MaskReader.Mask m = MaskReader.read(pair[1]);
            if (m.height() != img.size(1) || m.width() != img.size(2)) {
                throw new IllegalArgumentException("SegmentationFolder: mask " + pair[1] + " is " + m.height() + "x"
                        + m.width() + " but image " + pair[0] + " is " + img.size(1) + "x" + img.size(2)
                        + " (height x width)");
            }
            long[] mask = checkValues(pair[1], m);
            Tensor x = Functional.toFloat(img);
            int h = m.height();
            int w = m.width();
            if (resize != null) {
                x = Functional.resize(x, resize, InterpolationMode.BILINEAR, null, false);
                Tensor mt = Torch.tensor(mask, 1, h, w).to(DType.FLOAT32);
                mask = Functional.resize(mt, resize, InterpolationMode.NEAREST, null, false).to(DType.INT64)
                        .toLongArray();
                h = resize[0];
                w = resize[1];
            }
            if (transform != null) {
                x = transform.apply(x);
                if (x.dim() != 3 || x.size(1) != h || x.size(2) != w) {
                    throw new IllegalArgumentException("SegmentationFolder: the transform changed the image "
                            + pair[0] + " from [C, " + h + ", " + w + "] to " + Arrays.toString(x.shape())
                            + "; transforms must keep the size so the mask still matches (use resize(...))");
                }
            }
            return new SegmentationSample(x.toFloatArray(), x.shape(), mask);
        } catch (IOException e) {
            throw new UncheckedIOException("SegmentationFolder: " + e.getMessage(), e);
        }
    }

    private long[] checkValues(Path file, MaskReader.Mask m) {
        long[] v = m.values();
        for (int i = 0; i < v.length; i++) {
            long c = v[i];
            if (binary) {
                if (c == 255) {
                    v[i] = 1;
                } else if (c != 0 && c != 1) {
                    throw new IllegalArgumentException("SegmentationFolder: binary mask " + file + " has value " + c
                            + " at (y=" + i / m.width() + ", x=" + i % m.width() + "); expected 0, 1 or 255"
                            + " (save masks losslessly, without anti-aliasing)");
                }
            } else if ((c < 0 || c >= numClasses) && (ignoreIndex == null || c != ignoreIndex)) {
                throw new IllegalArgumentException("SegmentationFolder: mask " + file + " has value " + c + " at (y="
                        + i / m.width() + ", x=" + i % m.width() + "), but num_classes=" + numClasses
                        + " allows 0.." + (numClasses - 1)
                        + (ignoreIndex == null ? " (set ignoreIndex(...) for an ignore label)"
                                : " and ignore_index " + ignoreIndex));
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "SegmentationFolder(root=" + root + ", pairs=" + pairs.size() + ", num_classes=" + numClasses
                + ", binary=" + binary + (ignoreIndex == null ? "" : ", ignore_index=" + ignoreIndex)
                + (resize == null ? "" : ", resize=" + resize[0] + "x" + resize[1]) + ")";
    }
}
