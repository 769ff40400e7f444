package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One of several batch transforms chosen uniformly per batch, as torchvision's
 * {@code RandomChoice([RandomMixup(...), RandomCutmix(...)])}; {@link #of} builds exactly what
 * the reference script {@code train.py} builds from {@code --mixup-alpha} and {@code --cutmix-alpha}.
 *
 * <pre>{@code
 * BatchTransform mix = MixupCutmix.of(1000, 0.2, 1.0);   // train.py --mixup-alpha 0.2 --cutmix-alpha 1.0
 * MixedBatch m = mix.apply(images, labels);
 * }</pre>
 *
 * <p>Draws: the choice (an integer below the number of transforms), then the chosen transform's.
 */
public final class MixupCutmix implements BatchTransform {
    private final List<BatchTransform> choices;

    /** @throws IllegalArgumentException for an empty list */
    public MixupCutmix(List<? extends BatchTransform> choices) {
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("MixupCutmix: expected at least one batch transform, got none");
        }
        this.choices = List.copyOf(choices);
    }

    /**
     * torchvision's reference recipe: RandomMixup(p=1, alpha=mixupAlpha) if mixupAlpha &gt; 0,
     * RandomCutmix(p=1, alpha=cutmixAlpha) if cutmixAlpha &gt; 0, one of them per batch; null when
     * both are 0 (no mixing).
     *
     * @throws IllegalArgumentException for a negative alpha or num_classes &lt; 1
     */
    public static MixupCutmix of(long numClasses, double mixupAlpha, double cutmixAlpha) {
        if (!(mixupAlpha >= 0) || !(cutmixAlpha >= 0)) {
            throw new IllegalArgumentException("MixupCutmix: mixup_alpha and cutmix_alpha must be >= 0 (0 disables),"
                    + " got " + mixupAlpha + ", " + cutmixAlpha);
        }
        List<BatchTransform> t = new ArrayList<>();
        if (mixupAlpha > 0) {
            t.add(new RandomMixup(numClasses, 1.0, mixupAlpha));
        }
        if (cutmixAlpha > 0) {
            t.add(new RandomCutmix(numClasses, 1.0, cutmixAlpha));
        }
        return t.isEmpty() ? null : new MixupCutmix(t);
    }

    /** The transforms chosen from. */
    public List<BatchTransform> choices() {
        return choices;
    }

    @Override
    public MixedBatch apply(Tensor images, Tensor targets, RandomDraws draws) {
        BatchTransform t = choices.get((int) draws.randint(choices.size()));
        return t.apply(images, targets, draws);
    }

    @Override
    public String toString() {
        return "MixupCutmix(" + choices + ")";
    }
}
