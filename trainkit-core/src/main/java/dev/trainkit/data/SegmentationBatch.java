package dev.trainkit.data;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;

/**
 * A collated segmentation batch: images stacked to float32 {@code [B, C, H, W]} and masks to
 * int64 {@code [B, H, W]}, what {@code default_collate} makes of a list of {@code (image, mask)}
 * pairs whose masks are tensors.
 *
 * <pre>{@code
 * DataLoader<SegmentationSample, SegmentationBatch> loader =
 *         DataLoader.builder(shapes, SegmentationBatch::collate).batchSize(16).shuffle(true).build();
 * for (SegmentationBatch b : loader) {                 // for x, mask in loader:
 *     try (TensorScope step = TensorScope.open()) {
 *         Tensor x = b.inputs();                       // float32 [B, C, H, W]
 *         Tensor y = b.masks();                        // int64 [B, H, W]    (multiclass targets)
 *         Tensor t = b.binaryTargets();                // float32 [B, 1, H, W] (mask.unsqueeze(1).float())
 *     }
 * }
 * }</pre>
 *
 * <p>Like {@link Batch}, it holds Java arrays and creates tensors on the calling thread, inside
 * its current {@code TensorScope}.
 */
public final class SegmentationBatch {
    private final float[] images;
    private final long[] shape;
    private final long[] masks;

    /**
     * @param images row-major values of shape {@code [B, C, H, W]}
     * @param shape  {@code [B, C, H, W]}
     * @param masks  row-major class indices of shape {@code [B, H, W]}
     */
    public SegmentationBatch(float[] images, long[] shape, long[] masks) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("SegmentationBatch: shape must be [B, C, H, W], got "
                    + Arrays.toString(shape));
        }
        if (shape[0] * shape[1] * shape[2] * shape[3] != images.length) {
            throw new IllegalArgumentException("SegmentationBatch: shape " + Arrays.toString(shape)
                    + " does not match " + images.length + " image values");
        }
        if (shape[0] * shape[2] * shape[3] != masks.length) {
            throw new IllegalArgumentException("SegmentationBatch: masks must hold B*H*W = "
                    + shape[0] * shape[2] * shape[3] + " values, got " + masks.length);
        }
        this.images = images;
        this.shape = shape.clone();
        this.masks = masks;
    }

    /**
     * Stacks samples of one shape ({@code default_collate}).
     *
     * @throws IllegalArgumentException if the list is empty or the image shapes differ
     */
    public static SegmentationBatch collate(List<SegmentationSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("SegmentationBatch.collate: expected at least one sample");
        }
        long[] first = samples.get(0).shape();
        int per = samples.get(0).image().length;
        int perMask = samples.get(0).mask().length;
        float[] all = new float[Math.multiplyExact(per, samples.size())];
        long[] masks = new long[Math.multiplyExact(perMask, samples.size())];
        for (int i = 0; i < samples.size(); i++) {
            SegmentationSample s = samples.get(i);
            if (!Arrays.equals(first, s.shape())) {
                throw new IllegalArgumentException("SegmentationBatch.collate: stack expects each sample to have the"
                        + " same shape, but sample 0 has " + Arrays.toString(first) + " and sample " + i + " has "
                        + Arrays.toString(s.shape()) + " (resize the images and masks to one size)");
            }
            System.arraycopy(s.image(), 0, all, i * per, per);
            System.arraycopy(s.mask(), 0, masks, i * perMask, perMask);
        }
        return new SegmentationBatch(all, new long[] {samples.size(), first[0], first[1], first[2]}, masks);
    }

    /** The number of samples B. */
    public int size() {
        return (int) shape[0];
    }

    /** The images as a new float32 tensor {@code [B, C, H, W]} in the caller's current scope. */
    public Tensor inputs() {
        return Torch.tensor(images, shape);
    }

    /** The masks as a new int64 tensor {@code [B, H, W]} of class indices (multiclass targets). */
    public Tensor masks() {
        return Torch.tensor(masks, shape[0], shape[2], shape[3]);
    }

    /**
     * The masks as float32 {@code [B, 1, H, W]}, the target of a binary loss such as
     * {@code DiceBCELoss} on {@code [B, 1, H, W]} logits ({@code mask.unsqueeze(1).float()}).
     */
    public Tensor binaryTargets() {
        return masks().unsqueeze(1).to(DType.FLOAT32);
    }

    /** The image shape {@code [B, C, H, W]}. */
    public long[] inputShape() {
        return shape.clone();
    }

    /** A copy of the masks, row-major {@code [B, H, W]}. */
    public long[] maskArray() {
        return masks.clone();
    }

    @Override
    public String toString() {
        return "SegmentationBatch(inputs=" + Arrays.toString(shape) + ")";
    }
}
