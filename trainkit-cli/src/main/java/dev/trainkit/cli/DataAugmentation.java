package dev.trainkit.cli;

import dev.trainkit.vision.transforms.ClassificationPresetTrain;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import dev.trainkit.vision.transforms.InterpolationMode;
import java.util.Locale;

/**
 * The data side of torchvision's classification recipe as {@code trainkit train} flags, with
 * train.py's names and defaults: {@code --train-crop-size}, {@code --val-resize-size},
 * {@code --val-crop-size}, {@code --interpolation}, {@code --auto-augment}, {@code --ra-magnitude},
 * {@code --augmix-severity}, {@code --random-erase}, {@code --ra-sampler}, {@code --ra-reps}.
 * Sizes left null default from the image size: both crops to it, the resize by torchvision's
 * 256/224 ratio ({@link #valResizeFor}).
 */
record DataAugmentation(Integer trainCropSize, Integer valResizeSize, Integer valCropSize, String interpolation,
        String autoAugment, int raMagnitude, int augmixSeverity, double randomErase, boolean raSampler, int raReps) {

    /** Validates every value, naming the flag. */
    DataAugmentation {
        positive("--train-crop-size", trainCropSize);
        positive("--val-resize-size", valResizeSize);
        positive("--val-crop-size", valCropSize);
        if (valResizeSize != null && valCropSize != null && valCropSize > valResizeSize) {
            throw new IllegalArgumentException("--val-crop-size " + valCropSize + " is larger than --val-resize-size "
                    + valResizeSize + ": the centre crop must fit in the resized image");
        }
        interpolation = interpolation == null ? "bilinear" : interpolation.toLowerCase(Locale.ROOT);
        CliOptions.checkOneOf("--interpolation", interpolation, "bilinear", "bicubic", "nearest");
        if (autoAugment != null) {
            autoAugment = autoAugment.toLowerCase(Locale.ROOT);
            CliOptions.checkOneOf("--auto-augment", autoAugment, "ra", "ta_wide", "augmix", "imagenet", "cifar10", "svhn");
            if (interpolation.equals("bicubic")) {
                throw new IllegalArgumentException("--interpolation bicubic with --auto-augment " + autoAugment
                        + ": the policies' geometric ops take nearest or bilinear on tensors (torchvision's tensor"
                        + " path); use --interpolation bilinear");
            }
        }
        if (raMagnitude < 0) {
            throw new IllegalArgumentException("--ra-magnitude: expected >= 0 (RandAugment's magnitude bin), got "
                    + raMagnitude);
        }
        if (augmixSeverity < 1 || augmixSeverity > 10) {
            throw new IllegalArgumentException("--augmix-severity: expected 1..10, got " + augmixSeverity);
        }
        if (!(randomErase >= 0 && randomErase <= 1)) {
            throw new IllegalArgumentException("--random-erase: expected a probability in [0, 1], got " + randomErase);
        }
        if (raReps < 1) {
            throw new IllegalArgumentException("--ra-reps: expected a positive number of repetitions, got " + raReps);
        }
    }

    private static void positive(String flag, Integer v) {
        if (v != null && v < 1) {
            throw new IllegalArgumentException(flag + ": expected a positive size, got " + v);
        }
    }

    /** The flags of {@code o} (train.py's defaults where not given). */
    static DataAugmentation of(TrainOptions o) {
        return new DataAugmentation(o.trainCropSize, o.valResizeSize, o.valCropSize, o.interpolation, o.autoAugment,
                o.raMagnitude == null ? 9 : o.raMagnitude, o.augmixSeverity == null ? 3 : o.augmixSeverity,
                o.randomErase == null ? 0.0 : o.randomErase, Boolean.TRUE.equals(o.raSampler),
                o.raReps == null ? 3 : o.raReps);
    }

    /** No flag given: the defaults. */
    static DataAugmentation defaults() {
        return new DataAugmentation(null, null, null, null, null, 9, 3, 0.0, false, 3);
    }

    /**
     * Whether any flag that changes the pipeline was given: Fashion-MNIST keeps its plain resize
     * unless one was ({@code --ra-sampler} changes only the order and does not count).
     */
    boolean changesPipeline() {
        return trainCropSize != null || valResizeSize != null || valCropSize != null || !interpolation.equals("bilinear")
                || autoAugment != null || randomErase > 0;
    }

    /** torchvision's resize for a centre crop: {@code round(crop * 256 / 224)} (256 for 224). */
    static int valResizeFor(int crop) {
        return (int) Math.round(crop * 256.0 / 224.0);
    }

    InterpolationMode mode() {
        return switch (interpolation) {
            case "nearest" -> InterpolationMode.NEAREST;
            case "bicubic" -> InterpolationMode.BICUBIC;
            default -> InterpolationMode.BILINEAR;
        };
    }

    /** ClassificationPresetTrain for images of side {@code imageSize} (the crop size's default). */
    ClassificationPresetTrain trainPreset(int imageSize, double[] mean, double[] std) {
        return new ClassificationPresetTrain(trainCropSize != null ? trainCropSize : imageSize, mean, std, mode(), 0.5,
                autoAugment, raMagnitude, augmixSeverity, randomErase);
    }

    /**
     * ClassificationPresetEval as a recorded preprocessing: Resize(val-resize-size, interpolation)
     * with the shorter side, CenterCrop(val-crop-size), ToTensor, Normalize.
     */
    ImagePreprocessing evalPreprocessing(int imageSize, double[] mean, double[] std) {
        int crop = valCropSize != null ? valCropSize : trainCropSize != null ? trainCropSize : imageSize;
        int resize = valResizeSize != null ? valResizeSize : valResizeFor(crop);
        if (crop > resize) {
            throw new IllegalArgumentException("--val-crop-size " + crop + " is larger than --val-resize-size " + resize
                    + ": the centre crop must fit in the resized image");
        }
        return new ImagePreprocessing(new int[] {resize}, crop, interpolation, !interpolation.equals("nearest"), mean,
                std, 3, false);
    }
}
