package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;

/**
 * CutMix on a batch (Yun et al.), as torchvision's classification reference
 * {@code RandomCutmix}: with probability p, a box of each image is replaced by the same box of
 * the previous image (the batch rolled by one); the box is centred at a uniform pixel with half
 * sides {@code int(0.5 sqrt(1 - λ) W)} and {@code int(0.5 sqrt(1 - λ) H)}, λ ~ Beta(α, α), clipped
 * to the image; the targets mix by the box's actual area.
 *
 * <pre>{@code
 * RandomCutmix cutmix = new RandomCutmix(10, 1.0, 1.0);   // RandomCutmix(num_classes=10, p=1.0, alpha=1.0)
 * MixedBatch m = cutmix.apply(images, labels);
 * }</pre>
 *
 * <p>Draws, in torchvision's order: the probability, λ, the centre's x, the centre's y.
 */
public final class RandomCutmix extends BatchMixing {

    /**
     * @throws IllegalArgumentException for num_classes &lt; 1, p outside [0, 1] or alpha ≤ 0
     */
    public RandomCutmix(long numClasses, double p, double alpha) {
        super("RandomCutmix", numClasses, p, alpha);
    }

    /** p = 0.5, alpha = 1 (torchvision's defaults). */
    public RandomCutmix(long numClasses) {
        this(numClasses, 0.5, 1.0);
    }

    @Override
    MixedBatch mixDrawn(Tensor images, Tensor soft, RandomDraws draws) {
        double lambda = drawLambda(draws);
        int w = (int) images.size(3);
        int h = (int) images.size(2);
        int rx = (int) draws.randint(w);
        int ry = (int) draws.randint(h);
        return cut(images, soft, box(lambda, rx, ry, h, w));
    }

    /**
     * The box {@code [x1, y1, x2, y2]} (end exclusive) for λ and centre {@code (rx, ry)} in an
     * {@code h × w} image.
     */
    public static int[] box(double lambda, int rx, int ry, int h, int w) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("RandomCutmix: lambda must be in [0, 1], got " + lambda);
        }
        double r = 0.5 * Math.sqrt(1.0 - lambda);
        int rw = (int) (r * w);
        int rh = (int) (r * h);
        return new int[] {Math.max(rx - rw, 0), Math.max(ry - rh, 0), Math.min(rx + rw, w), Math.min(ry + rh, h)};
    }

    /**
     * Pastes the box of the rolled batch into {@code images} and mixes the soft targets by
     * λ = 1 − box area / image area.
     */
    public static MixedBatch cut(Tensor images, Tensor softTargets, int[] box) {
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        int x1 = box[0];
        int y1 = box[1];
        int x2 = box[2];
        int y2 = box[3];
        if (!(0 <= x1 && x1 <= x2 && x2 <= w && 0 <= y1 && y1 <= y2 && y2 <= h)) {
            throw new IllegalArgumentException("RandomCutmix: box [x1, y1, x2, y2] must lie in the " + h + "x" + w
                    + " image, got " + java.util.Arrays.toString(box));
        }
        Tensor out = images.clone();
        if (x2 > x1 && y2 > y1) {
            Tensor rolled = BatchMixing.rollByOne(images);
            out.narrow(2, y1, y2 - y1).narrow(3, x1, x2 - x1).copy_(rolled.narrow(2, y1, y2 - y1).narrow(3, x1, x2 - x1));
        }
        double lambda = 1.0 - (double) (x2 - x1) * (y2 - y1) / ((double) w * h);
        return new MixedBatch(out, BatchMixing.mixWithRolled(softTargets, lambda));
    }
}
