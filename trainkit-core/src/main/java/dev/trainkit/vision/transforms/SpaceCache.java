package dev.trainkit.vision.transforms;

import java.util.function.BiFunction;

/**
 * The last augmentation space a policy built, by image size: building one takes a dozen small
 * ATen {@code linspace} calls (about a millisecond), and a training pipeline sees one size after
 * its crop. One entry, so varying sizes cost a rebuild, never memory; safe across loader threads
 * since spaces are immutable once built.
 */
final class SpaceCache {
    private record Entry(long height, long width, AugmentationSpace space) {
    }

    private final BiFunction<Long, Long, AugmentationSpace> build;
    private volatile Entry last;

    SpaceCache(BiFunction<Long, Long, AugmentationSpace> build) {
        this.build = build;
    }

    AugmentationSpace get(long height, long width) {
        Entry e = last;
        if (e == null || e.height != height || e.width != width) {
            e = new Entry(height, width, build.apply(height, width));
            last = e;
        }
        return e.space;
    }
}
