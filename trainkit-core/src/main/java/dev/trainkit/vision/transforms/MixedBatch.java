package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;
import java.util.Objects;

/**
 * A batch after MixUp or CutMix: the images {@code [N, C, H, W]} and the soft targets
 * {@code [N, num_classes]} (float, rows summing to 1) that {@code CrossEntropyLoss} takes as
 * class probabilities.
 *
 * <pre>{@code
 * MixedBatch m = mixupCutmix.apply(images, labels);
 * Tensor loss = new CrossEntropyLoss().labelSmoothing(0.1).forward(model.forward(m.images()), m.targets());
 * }</pre>
 *
 * @param images  the mixed images
 * @param targets the soft targets
 */
public record MixedBatch(Tensor images, Tensor targets) {
    /** Checks both are present. */
    public MixedBatch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(targets, "targets");
    }

    /**
     * The most probable class of each soft target, int64 {@code [N]}: what torchvision's
     * reference {@code utils.accuracy} compares predictions with on mixed training batches
     * ({@code target.max(dim=1)[1]}).
     */
    public Tensor hardTargets() {
        return targets.argmax(1, false);
    }
}
