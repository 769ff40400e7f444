package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.bytedeco.pytorch.global.torch;

/**
 * What RandomMixup and RandomCutmix share: torchvision's arguments and their checks, one-hot
 * targets, the probability draw, rolling the batch by one.
 */
abstract class BatchMixing implements BatchTransform {
    private final String name;
    private final long numClasses;
    private final double p;
    private final double alpha;

    BatchMixing(String name, long numClasses, double p, double alpha) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": num_classes must be a positive number, got " + numClasses);
        }
        RandomApplied.checkProbability(name, p);
        if (!(alpha > 0)) {
            throw new IllegalArgumentException(name + ": alpha must be > 0 (Beta(alpha, alpha) concentration), got "
                    + alpha);
        }
        this.name = name;
        this.numClasses = numClasses;
        this.p = p;
        this.alpha = alpha;
    }

    /** Mixes the batch with its one-hot targets, given that the probability draw passed. */
    abstract MixedBatch mixDrawn(Tensor images, Tensor softTargets, RandomDraws draws);

    /** λ ~ Beta(alpha, alpha), the first component of a Dirichlet(alpha, alpha), as float32. */
    double drawLambda(RandomDraws draws) {
        return (float) draws.dirichlet(new double[] {alpha, alpha})[0];
    }

    @Override
    public MixedBatch apply(Tensor images, Tensor targets, RandomDraws draws) {
        Tensor soft = oneHot(name, images, targets, numClasses);
        if (draws.rand() >= p) {
            return new MixedBatch(images, soft);
        }
        return mixDrawn(images, soft, draws);
    }

    @Override
    public String toString() {
        return name + "(num_classes=" + numClasses + ", p=" + p + ", alpha=" + alpha + ")";
    }

    /**
     * Checks the batch (float, 4 dims) and targets (int64 {@code [N]}, indices in
     * {@code [0, num_classes)}) and returns the one-hot targets in the batch's dtype.
     */
    static Tensor oneHot(String name, Tensor images, Tensor targets, long numClasses) {
        if (images.dim() != 4) {
            throw new IllegalArgumentException(name + ": batch ndim should be 4 [N, C, H, W], got " + images.describe());
        }
        if (!images.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": batch dtype should be a float tensor (after ToTensor), got "
                    + images.describe());
        }
        if (targets.dim() != 1 || targets.size(0) != images.size(0)) {
            throw new IllegalArgumentException(name + ": targets should be class indices [" + images.size(0)
                    + "] (one per image), got " + targets.describe());
        }
        if (targets.dtype() != DType.INT64) {
            throw new IllegalArgumentException(name + ": targets dtype should be int64, got " + targets.describe());
        }
        if (targets.numel() > 0) {
            long min = targets.min().itemLong();
            long max = targets.max().itemLong();
            if (min < 0 || max >= numClasses) {
                throw new IllegalArgumentException(name + ": targets should be in [0, num_classes) = [0, " + numClasses
                        + "), got values in [" + min + ", " + max + "]");
            }
        }
        return Torch.oneHot(targets, numClasses).to(images.dtype());
    }

    /** {@code t.roll(1, 0)}: each image paired with the previous one (the first with the last). */
    static Tensor rollByOne(Tensor t) {
        return NativeInterop.call("roll", () -> torch.roll(NativeInterop.handle(t), new long[] {1}, 0L), t);
    }

    /** {@code lambda * a + (1 - lambda) * roll(a)}, in the order torchvision computes it. */
    static Tensor mixWithRolled(Tensor a, double lambda) {
        return a.mul(lambda).add(rollByOne(a).mul(1.0 - lambda));
    }
}
