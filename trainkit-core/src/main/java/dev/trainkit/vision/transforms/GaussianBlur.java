package dev.trainkit.vision.transforms;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecTuple;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Blurs with a Gaussian kernel whose sigma is drawn uniformly from {@code sigma}
 * ({@code torchvision.transforms.GaussianBlur}).
 *
 * <pre>{@code
 * new GaussianBlur(new int[] {5}, new double[] {0.1, 2.0});   // GaussianBlur(5, sigma=(0.1, 2.0))
 * }</pre>
 */
public final class GaussianBlur implements RandomTransform {
    static final Registration<TransformFactory> REGISTRATION = new Registration<>(
            Signature.of("GaussianBlur").required("kernel_size")
                    .param("sigma", new SpecTuple(List.of(0.1, 2.0))).build(),
            "Gaussian blur with a random sigma",
            a -> new GaussianBlur(TransformArgs.ints(a, "kernel_size"), TransformArgs.doubles(a, "sigma")));

    private final int[] kernelSize;
    private final double[] sigma;

    /**
     * @param kernelSize {@code [k]} or {@code [kx, ky]}, odd and positive
     * @param sigma      {@code [s]} (fixed) or {@code [min, max]} with {@code 0 < min <= max}
     */
    public GaussianBlur(int[] kernelSize, double[] sigma) {
        int[] k = kernelSize != null && kernelSize.length == 1 ? new int[] {kernelSize[0], kernelSize[0]} : kernelSize;
        if (k == null || k.length != 2) {
            throw new IllegalArgumentException("GaussianBlur: kernel size should be a tuple/list of two integers, got "
                    + Arrays.toString(kernelSize));
        }
        for (int ks : k) {
            if (ks <= 0 || ks % 2 == 0) {
                throw new IllegalArgumentException("GaussianBlur: kernel size value should be an odd and positive"
                        + " number, got " + Arrays.toString(k));
            }
        }
        double[] s;
        if (sigma != null && sigma.length == 1) {
            if (!(sigma[0] > 0)) {
                throw new IllegalArgumentException("GaussianBlur: if sigma is a single number, it must be positive,"
                        + " got " + sigma[0]);
            }
            s = new double[] {sigma[0], sigma[0]};
        } else if (sigma != null && sigma.length == 2) {
            if (!(0 < sigma[0] && sigma[0] <= sigma[1])) {
                throw new IllegalArgumentException("GaussianBlur: sigma values should be positive and of the form"
                        + " (min, max), got " + Arrays.toString(sigma));
            }
            s = sigma.clone();
        } else {
            throw new IllegalArgumentException("GaussianBlur: sigma should be a single number or a list/tuple with"
                    + " length 2, got " + Arrays.toString(sigma));
        }
        this.kernelSize = k;
        this.sigma = s;
    }

    /** Blurs with sigma {@code draws.uniform(min, max)}. */
    @Override
    public Tensor apply(Tensor img, RandomDraws draws) {
        double s = draws.uniform(sigma[0], sigma[1]);
        return FilterFunctional.gaussianBlur(img, kernelSize, new double[] {s, s});
    }

    @Override
    public String toString() {
        return "GaussianBlur(kernel_size=" + Arrays.toString(kernelSize) + ", sigma=" + Arrays.toString(sigma) + ")";
    }
}
