package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Tensor;

/**
 * A transform whose randomness comes from {@link RandomDraws}, so that its draws can be
 * injected: {@code apply(img)} draws from {@link RandomDraws#current()} (the DataLoader item's
 * stream), {@code apply(img, draws)} from the given source.
 *
 * <pre>{@code
 * RandomTransform t = (RandomTransform) Transforms.create("RandAugment(num_ops=2, magnitude=9)");
 * Tensor out = t.apply(img, RandomDraws.of(new SplittableRandom(3)));
 * }</pre>
 */
public interface RandomTransform extends Transform {

    /** Transforms {@code img} with the draws of {@code draws}. */
    Tensor apply(Tensor img, RandomDraws draws);

    @Override
    default Tensor apply(Tensor img) {
        return apply(img, RandomDraws.current());
    }
}
