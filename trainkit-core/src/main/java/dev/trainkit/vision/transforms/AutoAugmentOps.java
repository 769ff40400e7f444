package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;

/**
 * The ops of torchvision's auto-augment family by their policy names ({@code _apply_op}):
 * ShearX/ShearY (magnitude = shear tangent, about the top-left corner), TranslateX/TranslateY
 * (pixels, truncated to int), Rotate (degrees), Brightness/Color/Contrast/Sharpness
 * (factor 1 + magnitude), Posterize (bits), Solarize (threshold), AutoContrast, Equalize, Invert,
 * Identity.
 *
 * <pre>{@code
 * Tensor out = AutoAugmentOps.apply(img, "ShearX", 0.3, InterpolationMode.NEAREST, null);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torchvision.transforms.autoaugment._apply_op}.
 */
public final class AutoAugmentOps {
    private AutoAugmentOps() {
    }

    /**
     * Applies {@code op} with {@code magnitude}.
     *
     * @param fill colour outside the image for the geometric ops, or null (zeros)
     * @throws IllegalArgumentException for an unknown op name
     */
    public static Tensor apply(Tensor img, String op, double magnitude, InterpolationMode mode, double[] fill) {
        double[] zero2 = {0, 0};
        switch (op) {
            case "ShearX":
                return AffineFunctional.affine(img, 0, zero2, 1.0, new double[] {Math.toDegrees(Math.atan(magnitude)), 0},
                        mode, fill, zero2);
            case "ShearY":
                return AffineFunctional.affine(img, 0, zero2, 1.0, new double[] {0, Math.toDegrees(Math.atan(magnitude))},
                        mode, fill, zero2);
            case "TranslateX":
                return AffineFunctional.affine(img, 0, new double[] {(int) magnitude, 0}, 1.0, zero2, mode, fill, null);
            case "TranslateY":
                return AffineFunctional.affine(img, 0, new double[] {0, (int) magnitude}, 1.0, zero2, mode, fill, null);
            case "Rotate":
                return AffineFunctional.rotate(img, magnitude, mode, false, null, fill);
            case "Brightness":
                return ColorFunctional.adjustBrightness(img, 1.0 + magnitude);
            case "Color":
                return ColorFunctional.adjustSaturation(img, 1.0 + magnitude);
            case "Contrast":
                return ColorFunctional.adjustContrast(img, 1.0 + magnitude);
            case "Sharpness":
                return FilterFunctional.adjustSharpness(img, 1.0 + magnitude);
            case "Posterize":
                return ColorFunctional.posterize(img, (int) magnitude);
            case "Solarize":
                return ColorFunctional.solarize(img, magnitude);
            case "AutoContrast":
                return ColorFunctional.autocontrast(img);
            case "Equalize":
                return ColorFunctional.equalize(img);
            case "Invert":
                return ColorFunctional.invert(img);
            case "Identity":
                return img;
            default:
                throw new IllegalArgumentException("auto-augment: the provided operator " + op + " is not recognized");
        }
    }

    /** Policies take uint8 images, as torchvision's (Posterize and Equalize exist only for uint8). */
    static long[] checkPolicyInput(String policy, Tensor img) {
        long[] chw = Functional.dims(policy, img);
        if (img.dtype() != DType.UINT8) {
            throw new IllegalArgumentException(policy + ": expected a uint8 image (torchvision's policies take uint8;"
                    + " put it before ToTensor), got " + img.describe());
        }
        Functional.checkChannels(policy, img, 1, 3);
        return chw;
    }

    /** {@code interpolation} for the policies: NEAREST or BILINEAR, as torchvision's tensor path. */
    static InterpolationMode checkMode(String policy, InterpolationMode mode) {
        if (mode != InterpolationMode.NEAREST && mode != InterpolationMode.BILINEAR) {
            throw new IllegalArgumentException(policy + ": interpolation must be NEAREST or BILINEAR for tensors, got "
                    + mode);
        }
        return mode;
    }
}
