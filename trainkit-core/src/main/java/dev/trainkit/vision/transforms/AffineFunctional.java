package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.global.torch;

/**
 * Rotation and affine warps of image tensors {@code [..., C, H, W]} (uint8 or float), as
 * torchvision 0.14's tensor path computes them: the inverse affine matrix
 * ({@code _get_inverse_affine_matrix}), a sampling grid over the output pixel centres, and
 * ATen's {@code grid_sampler_2d} with zero padding; a {@code fill} colour goes through an extra
 * mask channel, as torchvision does. uint8 images are sampled in float32 and rounded back.
 *
 * <pre>{@code
 * Tensor r = AffineFunctional.rotate(img, 30, InterpolationMode.BILINEAR, false, null, null); // F.rotate(img, 30, BILINEAR)
 * Tensor a = AffineFunctional.affine(img, 0, new double[] {3, 0}, 1.0, new double[] {10, 0},
 *         InterpolationMode.NEAREST, new double[] {0}, null);   // F.affine(img, 0, [3, 0], 1.0, [10, 0], fill=[0])
 * }</pre>
 */
public final class AffineFunctional {
    private AffineFunctional() {
    }

    /**
     * The inverse affine matrix (output pixel → input pixel, 6 values of a 2×3 matrix) of a
     * rotation by {@code angle} degrees, scale, shear {@code [sx, sy]} degrees and translation
     * about {@code center} ({@code F._get_inverse_affine_matrix}).
     */
    public static double[] inverseAffineMatrix(double[] center, double angle, double[] translate, double scale,
            double[] shear) {
        double rot = Math.toRadians(angle);
        double sx = Math.toRadians(shear[0]);
        double sy = Math.toRadians(shear[1]);
        double cx = center[0];
        double cy = center[1];
        double tx = translate[0];
        double ty = translate[1];
        double a = Math.cos(rot - sy) / Math.cos(sy);
        double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
        double c = Math.sin(rot - sy) / Math.cos(sy);
        double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
        double[] m = {d / scale, -b / scale, 0.0, -c / scale, a / scale, 0.0};
        m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
        m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
        m[2] += cx;
        m[5] += cy;
        return m;
    }

    /**
     * Rotates counter-clockwise by {@code angle} degrees about the centre (or {@code center},
     * pixel coordinates from the top-left corner) ({@code F.rotate}).
     *
     * @param expand grow the output to hold the whole rotated image (rotation about the centre)
     * @param fill   colour of the area outside the image (one value or one per channel), or
     *               null for zeros without the fill mask
     */
    public static Tensor rotate(Tensor img, double angle, InterpolationMode mode, boolean expand, double[] center,
            double[] fill) {
        long[] chw = Functional.dims("rotate", img);
        double[] centerF = centerFromCorner(center, chw);
        double[] m = inverseAffineMatrix(centerF, -angle, new double[] {0, 0}, 1.0, new double[] {0, 0});
        int w = (int) chw[2];
        int h = (int) chw[1];
        int[] out = expand ? expandedSize(m, w, h) : new int[] {w, h};
        return gridTransform("rotate", img, m, out[0], out[1], mode, fill);
    }

    /**
     * Rotation ({@code angle} degrees, clockwise), translation in pixels, scale and shear
     * ({@code [sx, sy]} degrees) about the centre or {@code center} ({@code F.affine}).
     *
     * @throws IllegalArgumentException for scale ≤ 0, a translation or shear without two values,
     *     or a fill that does not match the channels
     */
    public static Tensor affine(Tensor img, double angle, double[] translate, double scale, double[] shear,
            InterpolationMode mode, double[] fill, double[] center) {
        long[] chw = Functional.dims("affine", img);
        if (translate == null || translate.length != 2) {
            throw new IllegalArgumentException("affine: translate should be a sequence of length 2, got "
                    + Arrays.toString(translate));
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("affine: scale should be positive, got " + scale);
        }
        double[] sh = shear == null ? null : shear.length == 1 ? new double[] {shear[0], shear[0]} : shear;
        if (sh == null || sh.length != 2) {
            throw new IllegalArgumentException("affine: shear should be one or two values, got "
                    + Arrays.toString(shear));
        }
        double[] m = inverseAffineMatrix(centerFromCorner(center, chw), angle, translate, scale, sh);
        return gridTransform("affine", img, m, (int) chw[2], (int) chw[1], mode, fill);
    }

    /** A centre in pixel coordinates as an offset from the image centre (torchvision's {@code center_f}). */
    private static double[] centerFromCorner(double[] center, long[] chw) {
        if (center == null) {
            return new double[] {0, 0};
        }
        if (center.length != 2) {
            throw new IllegalArgumentException("center should be a sequence of length 2, got " + Arrays.toString(center));
        }
        return new double[] {center[0] - chw[2] * 0.5, center[1] - chw[1] * 0.5};
    }

    /** {@code _compute_affine_output_size}: the bounding box of the transformed corners, {@code [w, h]}. */
    static int[] expandedSize(double[] matrix, int w, int h) {
        // float32 as torchvision computes it, truncated to 1e-4 so that 1e-15 does not ceil to 1
        float[][] pts = {{-0.5f * w, -0.5f * h}, {-0.5f * w, 0.5f * h}, {0.5f * w, 0.5f * h}, {0.5f * w, -0.5f * h}};
        float[] th = new float[6];
        for (int i = 0; i < 6; i++) {
            th[i] = (float) matrix[i];
        }
        Tensor p = Torch.tensor(new float[] {pts[0][0], pts[0][1], 1, pts[1][0], pts[1][1], 1, pts[2][0], pts[2][1], 1,
                pts[3][0], pts[3][1], 1}, 4, 3);
        Tensor t = Torch.tensor(th, 2, 3);
        Tensor np = p.matmul(t.transpose(0, 1));
        Tensor shift = Torch.tensor(new float[] {w * 0.5f, h * 0.5f}, 2);
        Tensor min = np.min(0, false).add(shift);
        Tensor max = np.max(0, false).add(shift);
        double tol = 1e-4;
        float[] mx = max.div(tol).toFloatArray();
        float[] mn = min.div(tol).toFloatArray();
        int[] size = new int[2];
        for (int i = 0; i < 2; i++) {
            // trunc_ in float32, times tol in float32, then ceil/floor, as the tensor ops do
            float cmax = (float) Math.ceil((float) (long) mx[i] * (float) tol);
            float cmin = (float) Math.floor((float) (long) mn[i] * (float) tol);
            size[i] = (int) (cmax - cmin);
        }
        return size;
    }

    /**
     * {@code _apply_grid_transform} of the {@code _gen_affine_grid} grid: samples {@code img} at
     * {@code matrix} applied to the output pixel centres (normalised by the input size).
     */
    static Tensor gridTransform(String op, Tensor img, double[] matrix, int ow, int oh, InterpolationMode mode,
            double[] fill) {
        long[] chw = Functional.dims(op, img);
        if (mode != InterpolationMode.NEAREST && mode != InterpolationMode.BILINEAR) {
            throw new IllegalArgumentException(op + ": interpolation mode " + mode
                    + " is unsupported with tensor input; use NEAREST or BILINEAR");
        }
        if (fill != null && fill.length > 1 && fill.length != chw[0]) {
            throw new IllegalArgumentException(op + ": the number of elements in fill cannot broadcast to match the"
                    + " number of channels of the image (" + fill.length + " != " + chw[0] + ")");
        }
        DType dt = img.dtype().isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        Tensor grid = affineGrid(matrix, (int) chw[2], (int) chw[1], ow, oh, dt);
        Tensor x = FilterFunctional.batched(img, dt);
        long n = x.size(0);
        if (n > 1) {
            grid = grid.expand(n, oh, ow, 2);
        }
        if (fill != null) {
            x = Torch.cat(List.of(x, Torch.ones(dt, n, 1, chw[1], chw[2])), 1);
        }
        Tensor xs = x;
        Tensor g = grid.contiguous();
        long interp = mode == InterpolationMode.BILINEAR ? 0 : 1; // GridSamplerInterpolation: bilinear 0, nearest 1
        Tensor y = NativeInterop.call("grid_sampler_2d", () -> torch.grid_sampler_2d(NativeInterop.handle(xs),
                NativeInterop.handle(g), interp, 0L, false), xs, g);
        if (fill != null) {
            long c = chw[0];
            Tensor mask = y.narrow(1, c, 1).expand(n, c, oh, ow);
            y = y.narrow(1, 0, c);
            float[] f = new float[fill.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) fill[i];
            }
            Tensor fillImg = Torch.tensor(f, 1, f.length, 1, 1).to(dt).expand(n, c, oh, ow);
            if (mode == InterpolationMode.NEAREST) {
                y = Torch.where(mask.lt(0.5), fillImg, y);
            } else {
                y = y.mul(mask).add(mask.rsub(1.0).mul(fillImg));
            }
        }
        return FilterFunctional.unbatched(y, img);
    }

    /** {@code _gen_affine_grid}: output pixel centres times the matrix, normalised by the input size. */
    private static Tensor affineGrid(double[] matrix, int w, int h, int ow, int oh, DType dt) {
        Tensor theta = Torch.tensor(matrix.clone(), 1, 2, 3).to(dt); // Python floats straight to the image's dtype
        double d = 0.5;
        Tensor xs = Torch.linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, ow).to(dt).view(1, ow).expand(oh, ow);
        Tensor ys = Torch.linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, oh).to(dt).view(oh, 1).expand(oh, ow);
        Tensor base = Torch.stack(List.of(xs, ys, Torch.ones(dt, oh, ow)), 2).reshape(1, (long) oh * ow, 3);
        Tensor scale = Torch.tensor(new float[] {0.5f * w, 0.5f * h}, 2).to(dt);
        Tensor rescaled = theta.transpose(1, 2).div(scale);
        Tensor out = NativeInterop.call("bmm", () -> torch.bmm(NativeInterop.handle(base), NativeInterop.handle(rescaled)),
                base, rescaled);
        return out.view(1, oh, ow, 2);
    }
}
