package dev.trainkit.vision.transforms;

import dev.trainkit.data.Uint8Collate;
import dev.trainkit.data.Uint8Sample;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image pipeline split in two, as torchvision v2 and DALI pipelines run: a per-item part on
 * uint8 images (decode, crop, resize, flip, auto-augment: {@code uint8 [C, H, W]} in and out)
 * and a per-batch part that converts the collated uint8 batch to float32 and normalises it once
 * ({@link Uint8Collate}). {@code RandomErasing}, which torchvision applies after Normalize, is
 * drawn per item and filled per batch.
 *
 * <pre>{@code
 * ImagePipeline p = new ImagePipeline(
 *         Compose.of(new RandomResizedCrop(224).nativeUint8(), new RandomHorizontalFlip()),  // per item, uint8
 *         ClassificationPresetTrain.IMAGENET_MEAN, ClassificationPresetTrain.IMAGENET_STD,  // per batch, float
 *         null);
 * ImageFolder folder = new ImageFolder(Path.of("data/train"));
 * DataLoader<Uint8Sample, Batch> loader = DataLoader.builder(folder.uint8(p), p.perBatch())
 *         .batchSize(32).shuffle(true).numWorkers(2).build();
 * // torchvision v2: Compose([RandomResizedCrop(224), RandomHorizontalFlip()]) per image,
 * //                 then ToDtype(float32, scale=True) and Normalize(mean, std) on the batch
 * }</pre>
 *
 * <p>As a {@link Transform} it takes one image through both parts (a batch of one) to float32
 * {@code [C, H, W]}, e.g. to predict on single files exactly as a loader would feed them.
 *
 * <p>The values equal the float pipeline's ({@link #floatEquivalent()}: the per-item part,
 * ToTensor, Normalize, RandomErasing) where the per-item part is exact on uint8; resizes with
 * {@link Resize#nativeUint8()} differ from the float32 route by at most one level before
 * normalisation.
 */
public final class ImagePipeline implements Transform {
    private final Transform perItem;
    private final double[] mean;
    private final double[] std;
    private final RandomErasing erasing;
    private final Uint8Collate perBatch;

    /**
     * @param perItem  uint8 to uint8 transform of each image (random transforms draw from the item's stream)
     * @param mean     per-channel mean of the batch normalisation, or null for {@code x / 255} only
     * @param std      per-channel std, given exactly with {@code mean}
     * @param erasing  RandomErasing after normalisation (constant value), or null
     * @throws IllegalArgumentException for mean without std, a zero std, or a {@code value='random'} erasing
     */
    public ImagePipeline(Transform perItem, double[] mean, double[] std, RandomErasing erasing) {
        this.perItem = Objects.requireNonNull(perItem, "ImagePipeline: perItem");
        if (erasing != null && erasing.value() == null) {
            throw new IllegalArgumentException("ImagePipeline: RandomErasing with value='random' needs the float"
                    + " pipeline; give a constant value");
        }
        this.perBatch = new Uint8Collate(mean, std, erasing == null ? null : erasing.value());
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
        this.erasing = erasing;
    }

    /** The per-item uint8 part. */
    public Transform perItem() {
        return perItem;
    }

    /** The per-batch float part: the collate function of the loader. */
    public Uint8Collate perBatch() {
        return perBatch;
    }

    /** The erasing drawn per item, or null. */
    public RandomErasing erasing() {
        return erasing;
    }

    /**
     * Runs the per-item part on a decoded uint8 image and draws the erased rectangle, on the
     * current thread's {@code SampleRandom} stream; tensors made here belong to the caller's scope.
     *
     * @throws IllegalArgumentException if the image or the per-item part's output is not uint8 {@code [C, H, W]}
     */
    public Uint8Sample item(Tensor img, long label) {
        Functional.dims("ImagePipeline", img);
        if (img.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("ImagePipeline: expected a uint8 image, got " + img.describe());
        }
        Tensor out = perItem.apply(img);
        if (out.dtype() != DType.UINT8 || out.dim() != 3) {
            throw new IllegalArgumentException("ImagePipeline: the per-item part must return uint8 [C, H, W] (ToTensor"
                    + " and Normalize belong to the per-batch part), got " + out.describe() + " from " + perItem);
        }
        long[] s = out.shape();
        int c = (int) s[0];
        int h = (int) s[1];
        int w = (int) s[2];
        int[] erased = erasing == null ? null : erasing.region(c, h, w, RandomDraws.current());
        // interleaved bytes: free for channels-last results (the native resize's), one transpose otherwise
        byte[] hwc = Torch.toBytes(out.permute(1, 2, 0));
        return new Uint8Sample(hwc, c, h, w, label, erased);
    }

    /** One uint8 image through the per-item part and the batch part: float32 {@code [C, H, W]}. */
    @Override
    public Tensor apply(Tensor img) {
        return perBatch.apply(List.of(item(img, 0))).inputs().squeeze(0);
    }

    /** The same pipeline on the float path, per image: per-item part, ToTensor, Normalize, RandomErasing. */
    public Compose floatEquivalent() {
        List<Transform> t = new ArrayList<>();
        t.add(perItem);
        t.add(new ToTensor());
        if (mean != null) {
            t.add(new Normalize(mean, std));
        }
        if (erasing != null) {
            t.add(erasing);
        }
        return new Compose(t);
    }

    @Override
    public String toString() {
        return "ImagePipeline(per_item=" + perItem + ", per_batch=" + perBatch
                + (erasing == null ? "" : ", erasing=" + erasing) + ")";
    }

    /** Mean of the batch part (a copy), or null. */
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** Std of the batch part (a copy), or null. */
    public double[] std() {
        return std == null ? null : std.clone();
    }
}
