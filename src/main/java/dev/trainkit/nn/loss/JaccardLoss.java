package dev.trainkit.nn.loss;

/**
 * Alias of {@link IoULoss}: the Jaccard index is the IoU.
 *
 * <pre>{@code
 * Loss j = new JaccardLoss(Mode.MULTILABEL);           // JaccardLoss(mode='multilabel')
 * }</pre>
 */
public class JaccardLoss extends IoULoss {

    /** {@code JaccardLoss(mode='binary')}. */
    public JaccardLoss() {
        super();
    }

    /** {@code JaccardLoss(mode=...)}. */
    public JaccardLoss(Mode mode) {
        super(mode);
    }
}
