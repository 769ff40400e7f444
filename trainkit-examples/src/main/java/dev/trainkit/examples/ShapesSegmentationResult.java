package dev.trainkit.examples;

import java.util.List;

/**
 * What a {@link ShapesSegmentation} run measured.
 *
 * @param losses        the training loss of every step, in order
 * @param meanIoU       mean IoU over the classes present (background, shape) on the held-out split
 * @param iou           per-class IoU {@code [background, shape]} on the held-out split
 * @param meanDice      mean Dice over the classes present on the held-out split
 * @param pixelAccuracy fraction of held-out pixels classified correctly
 * @param trainSeconds  wall time of the training steps
 * @param totalSeconds  wall time of the whole run (model creation, training, evaluation)
 */
public record ShapesSegmentationResult(List<Double> losses, double meanIoU, double[] iou, double meanDice,
        double pixelAccuracy, double trainSeconds, double totalSeconds) {
}
