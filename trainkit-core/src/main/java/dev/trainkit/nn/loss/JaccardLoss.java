package dev.trainkit.nn.loss;

import dev.trainkit.spec.Registration;

/**
 * Alias of {@link IoULoss}: the Jaccard index is the IoU.
 *
 * <pre>{@code
 * Loss j = new JaccardLoss(Mode.MULTILABEL);           // JaccardLoss(mode='multilabel')
 * }</pre>
 */
public class JaccardLoss extends IoULoss {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<LossFactory> REGISTRATION = new Registration<>(
            LossArgs.segmentation("JaccardLoss", LossArgs.SmoothAndWeight.TAKEN).build(),
            "IoULoss under its other name",
            k -> LossArgs.segmentation(k, new JaccardLoss(LossArgs.mode(k))));


    /** {@code JaccardLoss(mode='binary')}. */
    public JaccardLoss() {
        super();
    }

    /** {@code JaccardLoss(mode=...)}. */
    public JaccardLoss(Mode mode) {
        super(mode);
    }
}
