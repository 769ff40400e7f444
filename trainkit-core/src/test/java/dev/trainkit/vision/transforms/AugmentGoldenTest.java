package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.Golden;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/**
 * Parity of the augmentation functions with torchvision 0.14's tensor functional API (goldens by
 * tools/golden/gen_augment.py): uint8 results within 1 level, float results within 1e-5.
 */
class AugmentGoldenTest {
    static final JsonNode G = Golden.load("augment.json");
    static final Tensor U8 = tensor(G.get("input_u8"));
    static final Tensor F32 = U8.to(DType.FLOAT32).div(255.0);
    private static final InterpolationMode NEAREST = InterpolationMode.NEAREST;
    private static final InterpolationMode BILINEAR = InterpolationMode.BILINEAR;

    static Tensor tensor(JsonNode a) {
        long[] shape = Golden.longs(a.get("shape"));
        return Torch.tensor(Golden.floats(a.get("data")), shape).to(DType.of(a.get("dtype").asText()));
    }

    /** Max |difference| to the golden {@code e}, after checking shape and dtype. */
    static double maxDiff(String name, JsonNode e, Tensor actual) {
        assertArrayEquals(Golden.longs(e.get("shape")), actual.shape(), name + " shape");
        assertEquals(e.get("dtype").asText(), actual.dtype().pyName(), name + " dtype");
        float[] want = Golden.floats(e.get("data"));
        float[] got = actual.contiguous().toFloatArray();
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        return worst;
    }

    private static void check(String name, Tensor actual) {
        JsonNode e = G.get("cases").get(name);
        assertTrue(e != null, "no golden " + name);
        double tol = actual.dtype() == DType.UINT8 ? 1 : 1e-5;
        double d = maxDiff(name, e, actual);
        assertTrue(d <= tol, name + ": max |diff| " + d + " > " + tol);
    }

    @Test
    void toneOpsMatchTorchvision() {
        check("invert_u8", ColorFunctional.invert(U8));
        check("invert_f32", ColorFunctional.invert(F32));
        for (int bits : new int[] {0, 3, 8}) {
            check("posterize_u8_" + bits, ColorFunctional.posterize(U8, bits));
        }
        check("solarize_u8_128", ColorFunctional.solarize(U8, 128));
        check("solarize_u8_127.5", ColorFunctional.solarize(U8, 127.5));
        check("solarize_f32_0.5", ColorFunctional.solarize(F32, 0.5));
        check("autocontrast_u8", ColorFunctional.autocontrast(U8));
        check("autocontrast_f32", ColorFunctional.autocontrast(F32));
        Tensor constant = U8.clone();
        constant.select(0, 1).fill_(77);
        check("autocontrast_u8_const", ColorFunctional.autocontrast(constant));
        check("grayscale_u8_3", ColorFunctional.rgbToGrayscale(U8, 3));
    }

    @Test
    void equalizeMatchesTorchvisionExactly() {
        JsonNode e = G.get("cases").get("equalize_u8");
        assertEquals(0, maxDiff("equalize_u8", e, ColorFunctional.equalize(U8)));
        Tensor second = Functional.hflip(U8).to(DType.INT64).div(3.0).floor().to(DType.UINT8);
        Tensor batch = Torch.stack(java.util.List.of(U8, second), 0);
        assertEquals(0, maxDiff("equalize_u8_batch", G.get("cases").get("equalize_u8_batch"),
                ColorFunctional.equalize(batch)));
    }

    @Test
    void filtersMatchTorchvision() {
        check("sharpness_u8_0.3", FilterFunctional.adjustSharpness(U8, 0.3));
        check("sharpness_u8_2", FilterFunctional.adjustSharpness(U8, 2.0));
        check("sharpness_f32_1.7", FilterFunctional.adjustSharpness(F32, 1.7));
        check("blur_u8_3x5_0.8_1.2", FilterFunctional.gaussianBlur(U8, new int[] {3, 5}, new double[] {0.8, 1.2}));
        check("blur_f32_5_default", FilterFunctional.gaussianBlur(F32, new int[] {5}, null));
        check("blur_f32_3_2", FilterFunctional.gaussianBlur(F32, new int[] {3, 3}, new double[] {2.0}));
    }

    @Test
    void rotationsMatchTorchvision() {
        check("rotate_u8_30_nearest", AffineFunctional.rotate(U8, 30, NEAREST, false, null, null));
        check("rotate_f32_-17.5_bilinear", AffineFunctional.rotate(F32, -17.5, BILINEAR, false, null, null));
        check("rotate_u8_45_expand", AffineFunctional.rotate(U8, 45, NEAREST, true, null, null));
        check("rotate_f32_90_expand_bilinear", AffineFunctional.rotate(F32, 90, BILINEAR, true, null, null));
        check("rotate_u8_20_center_2_3", AffineFunctional.rotate(U8, 20, NEAREST, false, new double[] {2, 3}, null));
        double[] fill = {10, 20, 30};
        check("rotate_u8_33_fill_bilinear", AffineFunctional.rotate(U8, 33, BILINEAR, false, null, fill));
        check("rotate_u8_33_fill_nearest", AffineFunctional.rotate(U8, 33, NEAREST, false, null, fill));
    }

    @Test
    void affineMatchesTorchvision() {
        check("affine_u8_nearest", AffineFunctional.affine(U8, 10, new double[] {2, -1}, 1.2, new double[] {5, -3},
                NEAREST, null, null));
        check("affine_f32_bilinear_fill", AffineFunctional.affine(F32, -25, new double[] {1, 2}, 0.8,
                new double[] {12, 0}, BILINEAR, new double[] {0.5}, null));
        check("affine_u8_shearx_corner", AutoAugmentOps.apply(U8, "ShearX", 0.3, NEAREST, null));
        check("affine_u8_translate_bilinear_fill0", AffineFunctional.affine(U8, 0, new double[] {3, -2}, 1.0,
                new double[] {0, 0}, BILINEAR, new double[] {0, 0, 0}, null));
    }

    @Test
    void eraseMatchesTorchvision() {
        check("erase_u8_scalar", Functional.erase(U8, 2, 3, 4, 5, Torch.tensor(new float[] {7.9f}, 1, 1, 1)));
        Tensor v = tensor(G.get("cases").get("erase_value"));
        check("erase_f32_tensor", Functional.erase(F32, 3, 4, 4, 5, v));
    }
}
