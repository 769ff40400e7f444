package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.global.torch;

/**
 * Colour functions on RGB (or 1-channel) image tensors {@code [..., C, H, W]}, uint8 or float,
 * written with the same ATen ops in the same order as torchvision 0.14's tensor functions, so
 * float results agree to rounding and uint8 results truncate where torchvision's {@code .to(uint8)}
 * does.
 *
 * <pre>{@code
 * Tensor brighter = ColorFunctional.adjustBrightness(img, 1.3);   // F.adjust_brightness(img, 1.3)
 * Tensor gray = ColorFunctional.rgbToGrayscale(img, 3);            // F.rgb_to_grayscale(img, 3)
 * }</pre>
 */
public final class ColorFunctional {
    private ColorFunctional() {
    }

    /** {@code ratio * a + (1 - ratio) * b}, clamped to the dtype's range and cast back ({@code _blend}). */
    static Tensor blend(Tensor img1, Tensor img2, double ratio) {
        double bound = img1.dtype().isFloatingPoint() ? 1.0 : 255.0;
        return img1.mul(ratio).add(img2.mul(1.0 - ratio)).clamp(0, bound).to(img1.dtype());
    }

    private static void checkFactor(String op, double f) {
        if (!(f >= 0)) {
            throw new IllegalArgumentException(op + ": factor must be non-negative, got " + f);
        }
    }

    /**
     * Luma {@code 0.2989 R + 0.587 G + 0.114 B} (ITU-R 601-2 as torchvision), with 1 or 3 equal
     * output channels ({@code F.rgb_to_grayscale}). A 1-channel image with 3 output channels is
     * replicated to 3 channels, as torchvision's PIL path does ({@code Grayscale(3)} on an MNIST
     * image); torchvision 0.14's tensor path would return it with 1 channel.
     */
    public static Tensor rgbToGrayscale(Tensor img, int numOutputChannels) {
        Functional.checkChannels("rgb_to_grayscale", img, 1, 3);
        if (numOutputChannels != 1 && numOutputChannels != 3) {
            throw new IllegalArgumentException("rgb_to_grayscale: num_output_channels should be either 1 or 3, got "
                    + numOutputChannels);
        }
        int cd = img.dim() - 3;
        Tensor l;
        if (img.size(cd) == 3) {
            Tensor r = img.select(cd, 0);
            Tensor g = img.select(cd, 1);
            Tensor b = img.select(cd, 2);
            l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype()).unsqueeze(cd);
        } else {
            l = img.clone();
        }
        long[] shape = img.shape();
        shape[cd] = numOutputChannels;
        return numOutputChannels == 3 ? l.expand(shape).contiguous() : l;
    }

    /** Scales intensities by {@code factor} ({@code F.adjust_brightness}). */
    public static Tensor adjustBrightness(Tensor img, double factor) {
        checkFactor("adjust_brightness", factor);
        Functional.checkChannels("adjust_brightness", img, 1, 3);
        return blend(img, Torch.zerosLike(img), factor);
    }

    /** Blends with the mean grey level ({@code F.adjust_contrast}). */
    public static Tensor adjustContrast(Tensor img, double factor) {
        checkFactor("adjust_contrast", factor);
        Functional.checkChannels("adjust_contrast", img, 1, 3);
        DType dt = img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        int d = img.dim();
        Tensor grey = img.size(d - 3) == 3 ? rgbToGrayscale(img, 1) : img;
        Tensor mean = grey.to(dt).mean(new long[] {d - 3, d - 2, d - 1}, true);
        return blend(img, mean, factor);
    }

    /** Blends with the grayscale image ({@code F.adjust_saturation}); 1-channel input is returned. */
    public static Tensor adjustSaturation(Tensor img, double factor) {
        checkFactor("adjust_saturation", factor);
        Functional.checkChannels("adjust_saturation", img, 1, 3);
        if (img.size(img.dim() - 3) == 1) {
            return img;
        }
        return blend(img, rgbToGrayscale(img, 1), factor);
    }

    /**
     * Rotates the hue by {@code factor} turns in HSV space ({@code F.adjust_hue}), factor in
     * [-0.5, 0.5]; 1-channel input is returned.
     */
    public static Tensor adjustHue(Tensor img, double factor) {
        if (!(factor >= -0.5 && factor <= 0.5)) {
            throw new IllegalArgumentException("adjust_hue: hue_factor (" + factor + ") is not in [-0.5, 0.5]");
        }
        Functional.checkChannels("adjust_hue", img, 1, 3);
        if (img.size(img.dim() - 3) == 1) {
            return img;
        }
        DType orig = img.dtype();
        Tensor x = orig == DType.UINT8 ? img.to(DType.FLOAT32).div(255.0) : img;
        int cd = x.dim() - 3;
        Tensor hsv = rgbToHsv(x);
        Tensor h = remainder(hsv.select(cd, 0).add(factor), 1.0);
        Tensor out = hsvToRgb(Torch.stack(List.of(h, hsv.select(cd, 1), hsv.select(cd, 2)), cd));
        return orig == DType.UINT8 ? out.mul(255.0).to(orig) : out;
    }

    /** 1 for float images, 255 for uint8: the largest intensity ({@code _max_value}). */
    static double bound(Tensor img) {
        return img.dtype().isFloatingPoint() ? 1.0 : 255.0;
    }

    private static void checkUint8(String op, Tensor img) {
        if (img.dtype() != DType.UINT8) {
            throw new IllegalArgumentException(op + ": only uint8 image tensors are supported, got " + img.describe());
        }
    }

    /** {@code bound - img}: the negative ({@code F.invert}). */
    public static Tensor invert(Tensor img) {
        Functional.checkChannels("invert", img, 1, 3);
        return img.rsub(bound(img)).to(img.dtype());
    }

    /**
     * Keeps the {@code bits} highest bits of each uint8 value ({@code F.posterize}), bits in [0, 8].
     */
    public static Tensor posterize(Tensor img, int bits) {
        if (bits < 0 || bits > 8) {
            throw new IllegalArgumentException("posterize: the number of bits should be between 0 and 8, got " + bits);
        }
        Functional.checkChannels("posterize", img, 1, 3);
        checkUint8("posterize", img);
        long mask = (0x100 - (1L << (8 - bits))) & 0xFF; // torchvision's -2**(8 - bits) seen as a uint8
        return NativeInterop.call("bitwise_and", () -> torch.bitwise_and(NativeInterop.handle(img), new Scalar(mask)),
                img);
    }

    /** Inverts the values at or above {@code threshold} ({@code F.solarize}). */
    public static Tensor solarize(Tensor img, double threshold) {
        Functional.checkChannels("solarize", img, 1, 3);
        if (threshold > bound(img)) {
            throw new IllegalArgumentException("solarize: threshold should be at most the image's bound "
                    + (int) bound(img) + ", got " + threshold);
        }
        return Torch.where(img.ge(threshold), invert(img), img);
    }

    /**
     * Stretches each channel to the full range [0, bound] ({@code F.autocontrast}); a constant
     * channel is left unchanged.
     */
    public static Tensor autocontrast(Tensor img) {
        Functional.checkChannels("autocontrast", img, 1, 3);
        double bound = bound(img);
        DType dt = img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        long[] hw = {-2, -1};
        Tensor min = NativeInterop.call("amin", () -> torch.amin(NativeInterop.handle(img), hw, true), img).to(dt);
        Tensor max = NativeInterop.call("amax", () -> torch.amax(NativeInterop.handle(img), hw, true), img).to(dt);
        // bound / (max - min) as Python evaluates it: reciprocal, then times bound; inf where max == min
        Tensor scale = max.sub(min).pow(-1).mul(bound);
        Tensor constant = scale.isfinite().eq(0.0);
        min = Torch.where(constant, Torch.zerosLike(min), min);
        scale = Torch.where(constant, Torch.onesLike(scale), scale);
        return img.sub(min).mul(scale).clamp(0, bound).to(img.dtype());
    }

    /**
     * Equalizes each channel's histogram ({@code F.equalize}): uint8 images {@code [C, H, W]} or
     * {@code [N, C, H, W]}, PIL's {@code ImageOps.equalize} lookup table.
     */
    public static Tensor equalize(Tensor img) {
        Functional.checkChannels("equalize", img, 1, 3);
        checkUint8("equalize", img);
        if (img.dim() > 4) {
            throw new IllegalArgumentException("equalize: expected an image tensor with 3 or 4 dims, got "
                    + img.describe());
        }
        if (img.dim() == 4) {
            List<Tensor> out = new java.util.ArrayList<>();
            for (long n = 0; n < img.size(0); n++) {
                out.add(equalize(img.select(0, n)));
            }
            return Torch.stack(out, 0);
        }
        List<Tensor> channels = new java.util.ArrayList<>();
        for (long c = 0; c < img.size(0); c++) {
            channels.add(equalizeChannel(img.select(0, c)));
        }
        return Torch.stack(channels, 0);
    }

    /** {@code _scale_channel}: the lookup table from the cumulative histogram. */
    private static Tensor equalizeChannel(Tensor chan) {
        Tensor flat = chan.reshape(-1);
        Tensor hist = NativeInterop.call("bincount", () -> torch.bincount(NativeInterop.handle(flat),
                new org.bytedeco.pytorch.TensorOptional(), 256), flat);
        long[] h = hist.toLongArray();
        long total = 0;
        long last = 0;
        for (long v : h) {
            if (v != 0) {
                total += v;
                last = v;
            }
        }
        long step = Math.floorDiv(total - last, 255); // the sum of the non-zero bins but the last one
        if (step == 0) {
            return chan;
        }
        // the 256-entry table in exact integer arithmetic: lut[0] = 0, lut[i] = (cum[i - 1] + step // 2) // step
        long[] lut = new long[256];
        long cum = 0;
        for (int i = 1; i < 256; i++) {
            cum += h[i - 1];
            lut[i] = Math.min(255, Math.floorDiv(cum + step / 2, step));
        }
        Tensor table = Torch.tensor(lut, 256);
        return table.indexSelect(0, flat.to(DType.INT64)).reshape(chan.shape()).to(DType.UINT8);
    }

    private static Tensor remainder(Tensor t, double m) {
        return NativeInterop.call("remainder", () -> torch.remainder(NativeInterop.handle(t), new Scalar(m)), t);
    }

    private static Tensor and(Tensor a, Tensor b) {
        return NativeInterop.call("logical_and", () -> torch.logical_and(NativeInterop.handle(a),
                NativeInterop.handle(b)), a, b);
    }

    private static Tensor ne(Tensor a, Tensor b) {
        return NativeInterop.call("ne", () -> torch.ne(NativeInterop.handle(a), NativeInterop.handle(b)), a, b);
    }

    /** {@code _rgb2hsv}: PIL's algorithm, with the divisions guarded where max == min. */
    static Tensor rgbToHsv(Tensor img) {
        int cd = img.dim() - 3;
        Tensor r = img.select(cd, 0);
        Tensor g = img.select(cd, 1);
        Tensor b = img.select(cd, 2);
        Tensor maxc = img.max(cd, false);
        Tensor minc = img.min(cd, false);
        Tensor eqc = maxc.eq(minc);
        Tensor cr = maxc.sub(minc);
        Tensor ones = Torch.onesLike(maxc);
        Tensor s = cr.div(Torch.where(eqc, ones, maxc));
        Tensor crDivisor = Torch.where(eqc, ones, cr);
        Tensor rc = maxc.sub(r).div(crDivisor);
        Tensor gc = maxc.sub(g).div(crDivisor);
        Tensor bc = maxc.sub(b).div(crDivisor);
        Tensor hr = maxc.eq(r).mul(bc.sub(gc));
        Tensor hg = and(maxc.eq(g), ne(maxc, r)).mul(rc.add(2.0).sub(bc));
        Tensor hb = and(ne(maxc, g), ne(maxc, r)).mul(gc.add(4.0).sub(rc));
        Tensor h = hr.add(hg).add(hb);
        Tensor hm = h.div(6.0).add(1.0);
        h = NativeInterop.call("fmod", () -> torch.fmod(NativeInterop.handle(hm), new Scalar(1.0)), hm);
        return Torch.stack(List.of(h, s, maxc), cd);
    }

    /** {@code _hsv2rgb}: picks each pixel's sector with a one-hot mask (torchvision's einsum). */
    static Tensor hsvToRgb(Tensor img) {
        int cd = img.dim() - 3;
        Tensor h = img.select(cd, 0);
        Tensor s = img.select(cd, 1);
        Tensor v = img.select(cd, 2);
        Tensor i = h.mul(6.0).floor();
        Tensor f = h.mul(6.0).sub(i);
        Tensor ii = remainder(i.to(DType.INT32), 6);
        Tensor p = v.mul(s.rsub(1.0)).clamp(0.0, 1.0);
        Tensor q = v.mul(s.mul(f).rsub(1.0)).clamp(0.0, 1.0);
        Tensor t = v.mul(s.mul(f.rsub(1.0)).rsub(1.0)).clamp(0.0, 1.0);
        Tensor mask = ii.unsqueeze(cd).eq(Torch.arange(6).view(-1, 1, 1)).to(img.dtype());
        Tensor a1 = Torch.stack(List.of(v, q, p, p, t, v), cd);
        Tensor a2 = Torch.stack(List.of(t, v, v, q, p, p), cd);
        Tensor a3 = Torch.stack(List.of(p, p, t, v, v, q), cd);
        Tensor a4 = Torch.stack(List.of(a1, a2, a3), cd);
        // einsum("...ijk, ...xijk -> ...xjk"): the mask is one-hot over i, so the sum picks one term
        return mask.unsqueeze(cd).mul(a4).sum(new long[] {cd + 1}, false);
    }
}
