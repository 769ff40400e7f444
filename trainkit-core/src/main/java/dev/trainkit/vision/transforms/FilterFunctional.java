package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Convolution filters on image tensors {@code [..., C, H, W]} (uint8 or float): Gaussian blur and
 * sharpness, as torchvision 0.14's tensor functions compute them (a depthwise {@code conv2d};
 * uint8 images are filtered in float32 and rounded back).
 *
 * <pre>{@code
 * Tensor soft = FilterFunctional.gaussianBlur(img, new int[] {5, 5}, new double[] {1.5, 1.5}); // F.gaussian_blur
 * Tensor sharp = FilterFunctional.adjustSharpness(img, 2.0);       // F.adjust_sharpness(img, 2.0)
 * }</pre>
 */
public final class FilterFunctional {
    private FilterFunctional() {
    }

    /**
     * Blurs with a separable Gaussian kernel, reflect-padded so the size is kept
     * ({@code F.gaussian_blur}).
     *
     * @param kernelSize {@code [kx, ky]}, odd and positive (one value: both)
     * @param sigma      {@code [sx, sy]}, positive (one value: both), or null for torchvision's
     *                   default {@code 0.3 * ((k - 1) * 0.5 - 1) + 0.8}, i.e. {@code k * 0.15 + 0.35}
     */
    public static Tensor gaussianBlur(Tensor img, int[] kernelSize, double[] sigma) {
        long[] chw = Functional.dims("gaussian_blur", img);
        int[] k = kernelSize != null && kernelSize.length == 1 ? new int[] {kernelSize[0], kernelSize[0]} : kernelSize;
        if (k == null || k.length != 2) {
            throw new IllegalArgumentException("gaussian_blur: kernel_size should be one or two odd positive integers,"
                    + " got " + Arrays.toString(kernelSize));
        }
        for (int ks : k) {
            if (ks % 2 == 0 || ks < 0) {
                throw new IllegalArgumentException("gaussian_blur: kernel_size should have odd and positive integers, got "
                        + Arrays.toString(k));
            }
        }
        double[] s = sigma == null ? new double[] {k[0] * 0.15 + 0.35, k[1] * 0.15 + 0.35}
                : sigma.length == 1 ? new double[] {sigma[0], sigma[0]} : sigma;
        if (s.length != 2 || !(s[0] > 0) || !(s[1] > 0)) {
            throw new IllegalArgumentException("gaussian_blur: sigma should be one or two positive values, got "
                    + Arrays.toString(sigma));
        }
        DType dt = img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        Tensor kx = kernel1d(k[0], s[0]).to(dt);
        Tensor ky = kernel1d(k[1], s[1]).to(dt);
        Tensor kernel = ky.unsqueeze(1).matmul(kx.unsqueeze(0)).expand(chw[0], 1, k[1], k[0]);
        Tensor x = batched(img, dt);
        long[] pad = {k[0] / 2, k[0] / 2, k[1] / 2, k[1] / 2};
        if (pad[0] >= chw[2] || pad[2] >= chw[1]) {
            throw new IllegalArgumentException("gaussian_blur: reflect padding " + k[0] / 2 + "x" + k[1] / 2
                    + " needs an image larger than the half kernel, got " + img.describe());
        }
        Tensor padded = NativeInterop.call("reflection_pad2d", () -> torch.reflection_pad2d(NativeInterop.handle(x),
                pad), x);
        return unbatched(depthwise(padded, kernel), img);
    }

    /** {@code _get_gaussian_kernel1d}: float32 samples of exp(-x²/2σ²) on [-(k-1)/2, (k-1)/2], normalised. */
    private static Tensor kernel1d(int size, double sigma) {
        double half = (size - 1) * 0.5;
        Tensor x = Torch.linspace(-half, half, size);
        Tensor pdf = x.div(sigma).pow(2).mul(-0.5).exp();
        return pdf.div(pdf.sum());
    }

    /**
     * Blends with a smoothed copy ({@code F.adjust_sharpness}): 0 gives the smoothed image, 1 the
     * original, 2 doubles the detail. The one-pixel border is left as it is, as PIL does.
     */
    public static Tensor adjustSharpness(Tensor img, double factor) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("adjust_sharpness: sharpness_factor (" + factor
                    + ") is not non-negative");
        }
        Functional.checkChannels("adjust_sharpness", img, 1, 3);
        int d = img.dim();
        if (img.size(d - 1) <= 2 || img.size(d - 2) <= 2) {
            return img;
        }
        return ColorFunctional.blend(img, blurredDegenerate(img), factor);
    }

    /** {@code _blurred_degenerate_image}: PIL's SMOOTH kernel (1s around a 5, over 13) inside the border. */
    private static Tensor blurredDegenerate(Tensor img) {
        DType dt = img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        int d = img.dim();
        long c = img.size(d - 3);
        float[] w = {1, 1, 1, 1, 5, 1, 1, 1, 1};
        Tensor kernel = Torch.tensor(w, 3, 3).to(dt);
        kernel = kernel.div(kernel.sum()).expand(c, 1, 3, 3);
        Tensor inner = unbatched(depthwise(batched(img, dt), kernel), img);
        Tensor result = img.clone();
        result.narrow(d - 2, 1, img.size(d - 2) - 2).narrow(d - 1, 1, img.size(d - 1) - 2).copy_(inner);
        return result;
    }

    /** {@code conv2d(x, kernel, groups=C)} on {@code [N, C, H, W]}. */
    private static Tensor depthwise(Tensor x, Tensor kernel) {
        long groups = x.size(1);
        Tensor kc = kernel.contiguous();
        return NativeInterop.call("conv2d", () -> torch.conv2d(NativeInterop.handle(x), NativeInterop.handle(kc),
                new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, groups), x, kc);
    }

    /**
     * {@code _cast_squeeze_in}: the image as {@code [N, C, H, W]} in {@code dt}. Leading dims
     * beyond one batch dim are flattened into it.
     */
    static Tensor batched(Tensor img, DType dt) {
        long[] chw = Functional.dims("image", img);
        Tensor x = img.dtype() == dt ? img : img.to(dt);
        return x.reshape(-1, chw[0], chw[1], chw[2]);
    }

    /** {@code _cast_squeeze_out}: back to {@code like}'s leading dims and dtype, rounding before an integer cast. */
    static Tensor unbatched(Tensor y, Tensor like) {
        long[] shape = like.shape();
        shape[shape.length - 2] = y.size(2);
        shape[shape.length - 1] = y.size(3);
        shape[shape.length - 3] = y.size(1);
        Tensor out = y.reshape(shape);
        return like.dtype().isFloatingPoint() ? out.to(like.dtype()) : out.round().to(like.dtype());
    }
}
