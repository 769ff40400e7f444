package dev.trainkit.vision.models;

import dev.trainkit.nn.F;
import dev.trainkit.tensor.Tensor;

/** The functional pools inside Inception v3's blocks ({@code F.avg_pool2d}, {@code F.max_pool2d}). */
final class InceptionPools {
    private InceptionPools() {
    }

    /** {@code F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)} (count_include_pad=True). */
    static Tensor avg3x3(Tensor x) {
        return F.avgPool2d(x, new long[] {3}, new long[] {1}, new long[] {1}, false, true, null);
    }

    /** {@code F.max_pool2d(x, kernel_size=3, stride=2)}. */
    static Tensor max3x3s2(Tensor x) {
        return F.maxPool2d(x, new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, false);
    }
}
