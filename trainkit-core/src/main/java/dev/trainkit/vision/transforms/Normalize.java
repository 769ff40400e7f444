package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Standardises each channel: {@code (x - mean[c]) / std[c]} ({@code torchvision.transforms.Normalize}).
 *
 * <pre>{@code
 * new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
 * }</pre>
 */
public final class Normalize implements Transform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("Normalize").required("mean").required("std").param("inplace", false).build(),
            "(x - mean) / std per channel",
            a -> new Normalize(TransformArgs.doubles(a, "mean"), TransformArgs.doubles(a, "std")));

    private final double[] mean;
    private final double[] std;

    /** @throws IllegalArgumentException if the lengths differ or a std is zero */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std need the same non-zero length, got mean "
                    + Arrays.toString(mean) + ", std " + Arrays.toString(std));
        }
        for (double s : std) {
            if ((float) s == 0f) {
                throw new IllegalArgumentException("Normalize: std evaluated to zero, leading to division by zero: "
                        + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** ImageNet's statistics, the usual pair for torchvision's pretrained models. */
    public static Normalize imagenet() {
        return new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
    }

    @Override
    public Tensor apply(Tensor img) {
        return Functional.normalize(img, mean, std);
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
