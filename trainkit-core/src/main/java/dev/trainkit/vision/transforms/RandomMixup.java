package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;

/**
 * MixUp on a batch (Zhang et al.), as torchvision's classification reference
 * {@code RandomMixup}: with probability p, each image is blended with the previous image of the
 * batch (the batch rolled by one) by λ ~ Beta(α, α), and the one-hot targets the same way;
 * otherwise the targets are only one-hot encoded.
 *
 * <pre>{@code
 * RandomMixup mixup = new RandomMixup(10, 1.0, 0.2);    // RandomMixup(num_classes=10, p=1.0, alpha=0.2)
 * MixedBatch m = mixup.apply(images, labels);            // soft targets [N, 10]
 * }</pre>
 *
 * <p>Label smoothing combines as in torchvision's recipe: pass the soft targets to
 * {@code CrossEntropyLoss().labelSmoothing(eps)}, which smooths class probabilities too.
 * Draws, in torchvision's order: the probability, then λ.
 */
public final class RandomMixup extends BatchMixing {

    /**
     * @throws IllegalArgumentException for num_classes &lt; 1, p outside [0, 1] or alpha ≤ 0
     */
    public RandomMixup(long numClasses, double p, double alpha) {
        super("RandomMixup", numClasses, p, alpha);
    }

    /** p = 0.5, alpha = 1 (torchvision's defaults). */
    public RandomMixup(long numClasses) {
        this(numClasses, 0.5, 1.0);
    }

    @Override
    MixedBatch mixDrawn(Tensor images, Tensor soft, RandomDraws draws) {
        return mix(images, soft, drawLambda(draws));
    }

    /** Mixes with a given λ: {@code λ x + (1 - λ) roll(x)} for the images and the soft targets. */
    public static MixedBatch mix(Tensor images, Tensor softTargets, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("RandomMixup: lambda must be in [0, 1], got " + lambda);
        }
        return new MixedBatch(BatchMixing.mixWithRolled(images, lambda), BatchMixing.mixWithRolled(softTargets, lambda));
    }
}
