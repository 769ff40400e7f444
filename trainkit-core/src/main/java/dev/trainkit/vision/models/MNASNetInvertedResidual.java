package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;

/**
 * MNASNet's inverted residual, as torchvision's {@code mnasnet._InvertedResidual}: {@code layers}
 * = 1×1 expansion, depthwise k×k, 1×1 projection, each with BatchNorm (MNASNet's momentum);
 * residual when stride 1 and channels match.
 *
 * <pre>{@code
 * new MNASNetInvertedResidual(16, 24, 3, 2, 3, 1 - 0.9997);
 * }</pre>
 */
public class MNASNetInvertedResidual extends Module {
    private final boolean applyResidual;

    /** {@code _InvertedResidual(in_ch, out_ch, kernel_size, stride, expansion_factor, bn_momentum)}. */
    public MNASNetInvertedResidual(long in, long out, long kernel, long stride, long expansion, double bnMomentum) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride should be 1 or 2 instead of " + stride);
        }
        if (kernel != 3 && kernel != 5) {
            throw new IllegalArgumentException("kernel_size should be 3 or 5 instead of " + kernel);
        }
        long mid = in * expansion;
        this.applyResidual = in == out && stride == 1;
        registerModule("layers", new Sequential(
                Layers.conv(in, mid, 1, 1, 0, 1, false), Layers.bn(mid, 1e-5, bnMomentum), new ReLU(true),
                Layers.conv(mid, mid, kernel, stride, kernel / 2, mid, false), Layers.bn(mid, 1e-5, bnMomentum),
                new ReLU(true),
                Layers.conv(mid, out, 1, 1, 0, 1, false), Layers.bn(out, 1e-5, bnMomentum)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return BlockScope.run(() -> {
            Tensor y = child("layers").forward(x);
            return applyResidual ? y.add(x) : y;
        });
    }
}
