package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.kBicubic;
import org.bytedeco.pytorch.kBilinear;
import org.bytedeco.pytorch.kNearest;
import org.bytedeco.pytorch.global.torch;

/**
 * Geometry and conversion functions on image tensors {@code [..., C, H, W]} (uint8 or float),
 * following {@code torchvision.transforms.functional}'s tensor path op for op, so the numbers
 * are torchvision's. Colour functions are in {@link ColorFunctional}.
 *
 * <pre>{@code
 * Tensor small = Functional.resize(img, new int[] {256}, InterpolationMode.BILINEAR, null, true);
 * Tensor crop = Functional.centerCrop(small, 224, 224);       // F.center_crop(img, [224, 224])
 * }</pre>
 */
public final class Functional {
    private Functional() {
    }

    /** Checks an image tensor has at least 3 dims and returns {@code [C, H, W]} of its last three. */
    static long[] dims(String op, Tensor img) {
        if (img.dim() < 3) {
            throw new IllegalArgumentException(op + ": expected an image tensor [..., C, H, W], got " + img.describe());
        }
        long[] s = img.shape();
        return new long[] {s[s.length - 3], s[s.length - 2], s[s.length - 1]};
    }

    static void checkChannels(String op, Tensor img, int... allowed) {
        long c = dims(op, img)[0];
        for (int a : allowed) {
            if (c == a) {
                return;
            }
        }
        throw new IllegalArgumentException(op + ": expected an image with " + Arrays.toString(allowed)
                + " channels, got " + c + " (" + img.describe() + ")");
    }

    /**
     * The output {@code [h, w]} of {@link #resize}: {@code size = [s]} scales the shorter side to
     * s keeping the aspect ratio (the longer side truncated, and capped by {@code maxSize}), and
     * {@code size = [h, w]} is exact ({@code _compute_resized_output_size}).
     */
    public static int[] resizedSize(int height, int width, int[] size, Integer maxSize) {
        if (size == null || size.length < 1 || size.length > 2) {
            throw new IllegalArgumentException("resize: size must be [shorter side] or [h, w], got "
                    + Arrays.toString(size));
        }
        for (int s : size) {
            if (s < 1) {
                throw new IllegalArgumentException("resize: size values must be >= 1, got " + Arrays.toString(size));
            }
        }
        if (size.length == 2) {
            if (maxSize != null) {
                throw new IllegalArgumentException("resize: max_size should only be passed if size specifies the"
                        + " length of the smaller edge, got size=" + Arrays.toString(size) + ", max_size=" + maxSize);
            }
            return new int[] {size[0], size[1]};
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newShort = size[0];
        int newLong = (int) ((double) newShort * longSide / shortSide); // Python's int(a * b / c)
        if (maxSize != null) {
            if (maxSize <= newShort) {
                throw new IllegalArgumentException("resize: max_size = " + maxSize + " must be strictly greater than"
                        + " the requested size for the smaller edge size = " + newShort);
            }
            if (newLong > maxSize) {
                newShort = (int) ((double) maxSize * newShort / newLong);
                newLong = maxSize;
            }
        }
        return width <= height ? new int[] {newLong, newShort} : new int[] {newShort, newLong};
    }

    /**
     * Resizes {@code img} ({@code F.resize}). uint8 images are interpolated in float32 and rounded
     * back, as torchvision does.
     *
     * @param antialias low-pass filter when shrinking (bilinear and bicubic); torchvision 0.14's tensor
     *                  default was False, torchvision 0.17+ and PIL use True
     */
    public static Tensor resize(Tensor img, int[] size, InterpolationMode mode, Integer maxSize, boolean antialias) {
        return resize(img, size, mode, maxSize, antialias, false);
    }

    /**
     * {@link #resize} with a choice of kernel for uint8 images: {@code nativeUint8} interpolates
     * uint8 pixels directly with ATen's uint8 kernels (torchvision v2's CPU path for uint8 tensors;
     * for a channels-last input such as a decoded image viewed by
     * {@code ImageLoader.loadChannelsLast}, its vectorised path), several times faster than
     * interpolating in float32. Results agree with the float32 route and with PIL within one
     * level (the kernels round in fixed point). Float inputs ignore the flag.
     */
    public static Tensor resize(Tensor img, int[] size, InterpolationMode mode, Integer maxSize, boolean antialias,
            boolean nativeUint8) {
        long[] chw = dims("resize", img);
        int[] hw = resizedSize((int) chw[1], (int) chw[2], size, maxSize);
        if (size.length == 1 && hw[0] == chw[1] && hw[1] == chw[2]) {
            return img; // torchvision returns the input unchanged in this case
        }
        if (antialias && mode == InterpolationMode.NEAREST) {
            throw new IllegalArgumentException("resize: antialias is only supported with BILINEAR and BICUBIC"
                    + " interpolation, got " + mode);
        }
        DType out = img.dtype();
        boolean direct = out.isFloatingPoint() || (nativeUint8 && out == DType.UINT8);
        Tensor x = direct ? img : img.to(DType.FLOAT32);
        long[] shape = x.shape();
        Tensor x4 = x.reshape(-1, chw[0], chw[1], chw[2]); // interpolate wants [N, C, H, W]
        Tensor y = NativeInterop.call("interpolate", () -> {
            InterpolateFuncOptions o = new InterpolateFuncOptions();
            o.size().put(new LongVector(hw[0], hw[1]));
            if (mode == InterpolationMode.BILINEAR || mode == InterpolationMode.BICUBIC) {
                if (mode == InterpolationMode.BILINEAR) {
                    o.mode().put(new kBilinear());
                } else {
                    o.mode().put(new kBicubic());
                }
                o.align_corners().put(false);
                o.antialias().put(antialias);
            } else {
                o.mode().put(new kNearest());
            }
            return torch.interpolate(NativeInterop.handle(x4), o);
        }, x4);
        long[] outShape = shape.clone();
        outShape[outShape.length - 2] = hw[0];
        outShape[outShape.length - 1] = hw[1];
        y = y.reshape(outShape);
        if (direct) {
            return y; // ATen's uint8 kernels round and saturate themselves
        }
        if (mode == InterpolationMode.BICUBIC && out == DType.UINT8) {
            y = y.clamp(0, 255); // bicubic overshoots; torchvision clamps uint8 results
        }
        return y.round().to(out);
    }

    /**
     * The region {@code [top, top + height) × [left, left + width)}; parts outside the image are
     * zero ({@code F.crop}).
     */
    public static Tensor crop(Tensor img, int top, int left, int height, int width) {
        long[] chw = dims("crop", img);
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("crop: height and width must be >= 1, got " + height + "x" + width);
        }
        long h = chw[1];
        long w = chw[2];
        long right = (long) left + width;
        long bottom = (long) top + height;
        int hd = img.dim() - 2;
        int wd = img.dim() - 1;
        if (left >= 0 && top >= 0 && right <= w && bottom <= h) {
            return img.narrow(hd, top, height).narrow(wd, left, width);
        }
        long t0 = Math.max(top, 0);
        long l0 = Math.max(left, 0);
        Tensor inside = img.slice(hd, t0, Math.max(t0, Math.min(bottom, h)), 1)
                .slice(wd, l0, Math.max(l0, Math.min(right, w)), 1);
        long[] pad = {Math.max(-left + Math.min(0, right), 0), Math.max(right - w, 0),
                Math.max(-top + Math.min(0, bottom), 0), Math.max(bottom - h, 0)};
        return pad(inside, pad);
    }

    /** Zero padding {@code [left, right, top, bottom]} of the last two dims. */
    static Tensor pad(Tensor img, long[] lrtb) {
        return NativeInterop.call("constant_pad_nd", () -> torch.constant_pad_nd(NativeInterop.handle(img), lrtb), img);
    }

    /**
     * The central {@code height × width} region, zero-padded first if the image is smaller
     * ({@code F.center_crop}); offsets round half to even like Python's {@code round}.
     */
    public static Tensor centerCrop(Tensor img, int height, int width) {
        long[] chw = dims("center_crop", img);
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("center_crop: size must be >= 1, got " + height + "x" + width);
        }
        long ih = chw[1];
        long iw = chw[2];
        if (width > iw || height > ih) {
            long[] pad = {width > iw ? (width - iw) / 2 : 0, width > iw ? (width - iw + 1) / 2 : 0,
                    height > ih ? (height - ih) / 2 : 0, height > ih ? (height - ih + 1) / 2 : 0};
            img = pad(img, pad);
            ih = img.size(img.dim() - 2);
            iw = img.size(img.dim() - 1);
            if (width == iw && height == ih) {
                return img;
            }
        }
        int top = (int) Math.rint((ih - height) / 2.0);
        int left = (int) Math.rint((iw - width) / 2.0);
        return crop(img, top, left, height, width);
    }

    /** {@link #crop} then {@link #resize} to {@code size} ({@code F.resized_crop}). */
    public static Tensor resizedCrop(Tensor img, int top, int left, int height, int width, int[] size,
            InterpolationMode mode, boolean antialias) {
        return resizedCrop(img, top, left, height, width, size, mode, antialias, false);
    }

    /** {@link #resizedCrop} with the uint8 kernel choice of {@link #resize(Tensor, int[], InterpolationMode, Integer, boolean, boolean)}. */
    public static Tensor resizedCrop(Tensor img, int top, int left, int height, int width, int[] size,
            InterpolationMode mode, boolean antialias, boolean nativeUint8) {
        return resize(crop(img, top, left, height, width), size, mode, null, antialias, nativeUint8);
    }

    /**
     * A copy of {@code img} with the region {@code [i, i + h) × [j, j + w)} set to {@code v}
     * (broadcast: a scalar, {@code [C, 1, 1]} or {@code [C, h, w]}), converted to the image's dtype
     * ({@code F.erase}).
     */
    public static Tensor erase(Tensor img, int i, int j, int h, int w, Tensor v) {
        dims("erase", img);
        if (i < 0 || j < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("erase: i, j, h, w must be >= 0, got " + i + ", " + j + ", " + h + ", " + w);
        }
        Tensor out = img.clone();
        int hd = img.dim() - 2;
        int wd = img.dim() - 1;
        Tensor region = out.slice(hd, i, Math.min((long) i + h, img.size(hd)), 1)
                .slice(wd, j, Math.min((long) j + w, img.size(wd)), 1);
        region.copy_(v.dtype() == img.dtype() ? v : v.to(img.dtype()));
        return out;
    }

    /** Mirrors left-right ({@code F.hflip}). */
    public static Tensor hflip(Tensor img) {
        dims("hflip", img);
        return NativeInterop.call("flip", () -> torch.flip(NativeInterop.handle(img), -1L), img);
    }

    /**
     * {@code (img - mean[c]) / std[c]} per channel ({@code F.normalize}); the image must be float.
     */
    public static Tensor normalize(Tensor img, double[] mean, double[] std) {
        long c = dims("normalize", img)[0];
        if (!img.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("normalize: input tensor should be a float tensor (apply ToTensor"
                    + " first), got " + img.describe());
        }
        if (mean.length != std.length || (mean.length != c && mean.length != 1)) {
            throw new IllegalArgumentException("normalize: mean and std need one value per channel (" + c
                    + "), got mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
        }
        float[] m = new float[mean.length];
        float[] s = new float[std.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) mean[i];
            s[i] = (float) std[i];
            if (s[i] == 0f) {
                throw new IllegalArgumentException("normalize: std evaluated to zero after conversion to float32,"
                        + " leading to division by zero: std=" + Arrays.toString(std));
            }
        }
        // float32 [C, 1, 1] like torch.as_tensor(mean, dtype=img.dtype).view(-1, 1, 1)
        Tensor mt = Torch.tensor(m, m.length, 1, 1).to(img.dtype());
        Tensor st = Torch.tensor(s, s.length, 1, 1).to(img.dtype());
        return img.sub(mt).div(st);
    }

    /**
     * A uint8 image as float in [0, 1], i.e. {@code ToTensor} of a decoded image already in CHW
     * order; float images pass through ({@code F.convert_image_dtype(img, torch.float)}).
     */
    public static Tensor toFloat(Tensor img) {
        dims("to_tensor", img);
        if (img.dtype().isFloatingPoint()) {
            return img.to(DType.FLOAT32);
        }
        if (img.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("to_tensor: expected a uint8 or float image, got " + img.describe());
        }
        return img.to(DType.FLOAT32).div(255.0);
    }

    /**
     * The image as uint8: uint8 passes through; float images are clamped to [0, 1] and scaled as
     * {@code F.convert_image_dtype(img, torch.uint8)} does ({@code x * 255.999}, truncated). The
     * clamp keeps normalised images (values outside [0, 1]) from wrapping around.
     */
    public static Tensor toUint8(Tensor img) {
        dims("to_uint8", img);
        if (img.dtype() == DType.UINT8) {
            return img;
        }
        if (!img.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("to_uint8: expected a uint8 or float image, got " + img.describe());
        }
        return img.clamp(0, 1).mul(255.0 + 1.0 - 1e-3).to(DType.UINT8);
    }

    /**
     * {@code F.to_tensor} of an HWC uint8 array (how a decoder or numpy holds pixels): CHW float32
     * in [0, 1].
     */
    public static Tensor toTensor(byte[] hwc, int height, int width, int channels) {
        if ((long) height * width * channels != hwc.length) {
            throw new IllegalArgumentException("to_tensor: " + height + "x" + width + "x" + channels + " needs "
                    + (long) height * width * channels + " bytes, got " + hwc.length);
        }
        Tensor t = Torch.fromBytes(hwc, DType.UINT8, height, width, channels).permute(2, 0, 1).contiguous();
        return t.to(DType.FLOAT32).div(255.0);
    }
}
