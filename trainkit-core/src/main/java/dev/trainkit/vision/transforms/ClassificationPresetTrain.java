package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training pipeline of torchvision's classification reference script
 * ({@code references/classification/presets.py}, {@code ClassificationPresetTrain}), built from
 * the script's flags: RandomResizedCrop(crop, interpolation), RandomHorizontalFlip(hflip_prob)
 * if &gt; 0, the auto-augment policy if any, ToTensor, Normalize, RandomErasing(random_erase) if
 * &gt; 0. Input: uint8 CHW images as decoded.
 *
 * <pre>{@code
 * // train.py --auto-augment ta_wide --random-erase 0.1 --train-crop-size 176
 * Transform t = new ClassificationPresetTrain(176, ClassificationPresetTrain.IMAGENET_MEAN,
 *         ClassificationPresetTrain.IMAGENET_STD, InterpolationMode.BILINEAR, 0.5, "ta_wide", 9, 3, 0.1);
 * }</pre>
 *
 * <p>The resize is antialiased as torchvision's PIL path does. The policies run on the tensor
 * path, which takes NEAREST or BILINEAR interpolation only.
 */
public final class ClassificationPresetTrain implements Transform {
    /** ImageNet's channel means, the script's default. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    /** ImageNet's channel standard deviations, the script's default. */
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private final Compose pipeline;
    private final ImagePipeline uint8Pipeline;

    /** The script's defaults: bilinear, flip 0.5, no auto-augment, no erasing. */
    public ClassificationPresetTrain(int cropSize) {
        this(cropSize, IMAGENET_MEAN, IMAGENET_STD, InterpolationMode.BILINEAR, 0.5, null, 9, 3, 0.0);
    }

    /**
     * @param autoAugmentPolicy {@code --auto-augment}: ra, ta_wide, augmix, imagenet, cifar10, svhn,
     *                          or null for none
     * @param raMagnitude       {@code --ra-magnitude} (RandAugment's magnitude, default 9)
     * @param augmixSeverity    {@code --augmix-severity} (default 3)
     * @param randomEraseProb   {@code --random-erase} (0 disables)
     * @throws IllegalArgumentException for an unknown policy or out-of-range values
     */
    public ClassificationPresetTrain(int cropSize, double[] mean, double[] std, InterpolationMode interpolation,
            double hflipProb, String autoAugmentPolicy, int raMagnitude, int augmixSeverity, double randomEraseProb) {
        if (cropSize < 1) {
            throw new IllegalArgumentException("ClassificationPresetTrain: crop size must be >= 1, got " + cropSize);
        }
        RandomResizedCrop crop = new RandomResizedCrop(new int[] {cropSize}, new double[] {0.08, 1.0},
                new double[] {3.0 / 4, 4.0 / 3}, interpolation, interpolation != InterpolationMode.NEAREST);
        List<Transform> geometry = new ArrayList<>();
        if (hflipProb > 0) {
            geometry.add(new RandomHorizontalFlip(hflipProb));
        }
        if (autoAugmentPolicy != null) {
            geometry.add(autoAugment(autoAugmentPolicy, interpolation, raMagnitude, augmixSeverity));
        }
        RandomErasing erasing = randomEraseProb > 0 ? new RandomErasing(randomEraseProb) : null;
        List<Transform> t = new ArrayList<>();
        t.add(crop);
        t.addAll(geometry);
        t.add(new ToTensor());
        t.add(new Normalize(mean, std));
        if (erasing != null) {
            t.add(erasing);
        }
        this.pipeline = new Compose(t);
        List<Transform> item = new ArrayList<>();
        item.add(crop.nativeUint8());
        item.addAll(geometry);
        this.uint8Pipeline = new ImagePipeline(new Compose(item), mean, std, erasing);
    }

    /**
     * The same preset split for the fast uint8 path: RandomResizedCrop (ATen's uint8 resize),
     * flip and the policy per item in uint8, ToTensor and Normalize once per batch, RandomErasing
     * drawn per item and filled per batch. Same draws as {@link #pipeline()}; values within one
     * level of it before normalisation (the resize rounding).
     */
    public ImagePipeline uint8Pipeline() {
        return uint8Pipeline;
    }

    /**
     * The transform for a {@code --auto-augment} value, as the reference preset picks it:
     * {@code ra} → RandAugment(magnitude=raMagnitude), {@code ta_wide} → TrivialAugmentWide,
     * {@code augmix} → AugMix(severity=augmixSeverity), otherwise an {@link AutoAugmentPolicy} value.
     *
     * @throws IllegalArgumentException for another name, listing the valid ones
     */
    public static RandomTransform autoAugment(String policy, InterpolationMode interpolation, int raMagnitude,
            int augmixSeverity) {
        String p = policy == null ? "" : policy.toLowerCase(Locale.ROOT);
        switch (p) {
            case "ra":
                return new RandAugment(2, raMagnitude, 31, interpolation, null);
            case "ta_wide":
                return new TrivialAugmentWide(31, interpolation, null);
            case "augmix":
                return new AugMix(augmixSeverity, 3, -1, 1.0, true, interpolation, null);
            case "imagenet":
            case "cifar10":
            case "svhn":
                return new AutoAugment(AutoAugmentPolicy.of(p), interpolation, null);
            default:
                throw new IllegalArgumentException("auto-augment: unknown policy '" + policy + "'; valid: ra, ta_wide,"
                        + " augmix, imagenet, cifar10, svhn");
        }
    }

    /** The pipeline, step by step. */
    public Compose pipeline() {
        return pipeline;
    }

    @Override
    public Tensor apply(Tensor img) {
        return pipeline.apply(img);
    }

    @Override
    public String toString() {
        return "ClassificationPresetTrain(" + pipeline.transforms() + ")";
    }
}
