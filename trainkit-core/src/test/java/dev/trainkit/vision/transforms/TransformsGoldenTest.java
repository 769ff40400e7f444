package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.Golden;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Parity with torchvision 0.14's tensor functional API (goldens by tools/golden/gen_transforms.py). */
class TransformsGoldenTest {
    private static final JsonNode G = Golden.load("transforms.json");

    private static Tensor tensor(JsonNode a) {
        long[] shape = Golden.longs(a.get("shape"));
        Tensor t = Torch.tensor(Golden.floats(a.get("data")), shape);
        return t.to(DType.of(a.get("dtype").asText()));
    }

    private static final Tensor U8 = tensor(G.get("input_u8"));
    private static final Tensor F32 = U8.to(DType.FLOAT32).div(255.0);

    private static void check(String name, Tensor actual, double atol) {
        JsonNode e = G.get("cases").get(name);
        assertTrue(e != null, "no golden " + name);
        assertArrayEquals(Golden.longs(e.get("shape")), actual.shape(), name + " shape");
        assertEquals(e.get("dtype").asText(), actual.dtype().pyName(), name + " dtype");
        float[] want = Golden.floats(e.get("data"));
        float[] got = actual.toFloatArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= atol, name + ": max |diff| " + worst + " at " + at + " (want " + (at < 0 ? 0 : want[at])
                + ", got " + (at < 0 ? 0 : got[at]) + ") > " + atol);
    }

    @Test
    void resizeMatchesTorchvision() {
        // libtorch 2.10's bilinear kernels vs 1.13's: same formula, float32 summation order may differ,
        // so float results agree to ~1e-6; 1e-5 leaves room without hiding a wrong size or filter
        check("resize_f32_short5_aa_false", Functional.resize(F32, new int[] {5}, InterpolationMode.BILINEAR, null, false), 1e-5);
        check("resize_f32_short5_aa_true", Functional.resize(F32, new int[] {5}, InterpolationMode.BILINEAR, null, true), 1e-5);
        check("resize_f32_10x12_aa_false", new Resize(new int[] {10, 12}, InterpolationMode.BILINEAR, null, false).apply(F32), 1e-5);
        check("resize_f32_10x12_aa_true", new Resize(new int[] {10, 12}, InterpolationMode.BILINEAR, null, true).apply(F32), 1e-5);
        check("resize_f32_4x3_aa_true", new Resize(new int[] {4, 3}, InterpolationMode.BILINEAR, null, true).apply(F32), 1e-5);
        check("resize_f32_nearest_5x4", new Resize(new int[] {5, 4}, InterpolationMode.NEAREST, null, false).apply(F32), 0);
        // uint8: rounded after float interpolation; a value within 1e-6 of .5 could round the other way
        check("resize_u8_short5_aa_true", new Resize(5).apply(U8), 1);
        check("resize_u8_short5_aa_false", new Resize(new int[] {5}, InterpolationMode.BILINEAR, null, false).apply(U8), 1);
        check("resize_u8_short4_max6", new Resize(new int[] {4}, InterpolationMode.BILINEAR, 6, true).apply(U8), 1);
    }

    @Test
    void bicubicResizeMatchesTorchvision() {
        InterpolationMode bc = InterpolationMode.BICUBIC;
        check("resize_f32_bicubic_short5_aa_false", Functional.resize(F32, new int[] {5}, bc, null, false), 1e-5);
        check("resize_f32_bicubic_short5_aa_true", Functional.resize(F32, new int[] {5}, bc, null, true), 1e-5);
        check("resize_f32_bicubic_10x12_aa_false", new Resize(new int[] {10, 12}, bc, null, false).apply(F32), 1e-5);
        check("resize_f32_bicubic_10x12_aa_true", new Resize(new int[] {10, 12}, bc, null, true).apply(F32), 1e-5);
        check("resize_u8_bicubic_short5_aa_true", new Resize(new int[] {5}, bc, null, true).apply(U8), 1);
        check("resize_u8_bicubic_short5_aa_false", new Resize(new int[] {5}, bc, null, false).apply(U8), 1);
        // upscaling overshoots below 0 and above 255: clamped before rounding, as torchvision does
        check("resize_u8_bicubic_12x14_aa_false", new Resize(new int[] {12, 14}, bc, null, false).apply(U8), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Resize(new int[] {5}, InterpolationMode.NEAREST, null, true));
        assertTrue(e.getMessage().contains("BILINEAR and BICUBIC"), e.getMessage());
    }

    @Test
    void cropsAndFlipAreExact() {
        check("center_crop_u8_4x5", new CenterCrop(4, 5).apply(U8), 0);
        check("center_crop_u8_6x6", new CenterCrop(6).apply(U8), 0);
        check("center_crop_u8_9x11", new CenterCrop(9, 11).apply(U8), 0);
        check("resized_crop_f32_1_2_5_6_to_4x4", Functional.resizedCrop(F32, 1, 2, 5, 6, new int[] {4, 4},
                InterpolationMode.BILINEAR, true), 1e-5);
        check("hflip_u8", Functional.hflip(U8), 0);
    }

    @Test
    void colorAndConversionsMatchTorchvision() {
        check("normalize_f32", Normalize.imagenet().apply(F32), 1e-6);
        check("grayscale_f32_3", new Grayscale(3).apply(F32), 1e-6);
        check("grayscale_u8_1", new Grayscale(1).apply(U8), 0);
        check("brightness_f32_1.3", ColorFunctional.adjustBrightness(F32, 1.3), 1e-6);
        check("contrast_f32_0.6", ColorFunctional.adjustContrast(F32, 0.6), 1e-6);
        check("saturation_f32_1.7", ColorFunctional.adjustSaturation(F32, 1.7), 1e-6);
        check("hue_f32_0.2", ColorFunctional.adjustHue(F32, 0.2), 1e-5);
        check("hue_f32_-0.35", ColorFunctional.adjustHue(F32, -0.35), 1e-5);
        check("brightness_u8_1.3", ColorFunctional.adjustBrightness(U8, 1.3), 0);
        check("contrast_u8_0.6", ColorFunctional.adjustContrast(U8, 0.6), 0);
        check("saturation_u8_1.7", ColorFunctional.adjustSaturation(U8, 1.7), 0);
        check("hue_u8_-0.1", ColorFunctional.adjustHue(U8, -0.1), 0);
        JsonNode hwc = G.get("input_hwc_u8");
        float[] v = Golden.floats(hwc.get("data"));
        byte[] bytes = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            bytes[i] = (byte) (int) v[i];
        }
        long[] s = Golden.longs(hwc.get("shape"));
        check("to_tensor_from_hwc", Functional.toTensor(bytes, (int) s[0], (int) s[1], (int) s[2]), 0);
        check("to_tensor_from_hwc", new ToTensor().apply(U8), 0);
    }

    @Test
    void composeChainsInOrder() {
        Function<Tensor, Tensor> byHand = x -> Normalize.imagenet().apply(new ToTensor().apply(new CenterCrop(4, 5).apply(x)));
        Tensor composed = Compose.of(new CenterCrop(4, 5), new ToTensor(), Normalize.imagenet()).apply(U8);
        assertTrue(composed.equal(byHand.apply(U8)));
        assertTrue(new CenterCrop(4, 5).andThen(new ToTensor()).apply(U8).equal(new ToTensor().apply(new CenterCrop(4, 5).apply(U8))));
    }
}
