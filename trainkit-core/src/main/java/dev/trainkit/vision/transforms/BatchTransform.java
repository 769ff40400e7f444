package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;

/**
 * A transform of a whole batch and its class targets, run by the training loop after
 * collation (torchvision's reference script wraps it in the DataLoader's {@code collate_fn}).
 * Implementations: {@link RandomMixup}, {@link RandomCutmix}, {@link MixupCutmix}.
 *
 * <pre>{@code
 * BatchTransform mix = MixupCutmix.of(10, 0.2, 1.0);    // --mixup-alpha 0.2 --cutmix-alpha 1.0
 * MixedBatch m = mix.apply(images, labels);             // labels: int64 [N]
 * }</pre>
 */
public interface BatchTransform {

    /** Transforms a float batch {@code [N, C, H, W]} with int64 class indices {@code [N]}, drawing from {@code draws}. */
    MixedBatch apply(Tensor images, Tensor targets, RandomDraws draws);

    /** {@link #apply(Tensor, Tensor, RandomDraws)} with {@link RandomDraws#current()}. */
    default MixedBatch apply(Tensor images, Tensor targets) {
        return apply(images, targets, RandomDraws.current());
    }
}
