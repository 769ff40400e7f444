package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.Batch;
import dev.trainkit.data.Golden;
import dev.trainkit.data.SampleRandom;
import dev.trainkit.data.Uint8Sample;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.ImageLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The uint8 pipeline against torchvision 0.14 (tools/golden/gen_uint8_pipeline.py: PIL's path, as
 * ImageFolder's default loader feeds it, and the tensor path) and against TrainKit's float path.
 */
class ImagePipelineTest {
    private static final JsonNode G = Golden.load("uint8_pipeline.json");
    private static final double[] MEAN = ClassificationPresetTrain.IMAGENET_MEAN;
    private static final double[] STD = ClassificationPresetTrain.IMAGENET_STD;
    /** One uint8 level after normalisation, plus float rounding. */
    private static final double LEVEL = 1 / 255.0 / 0.224 + 1e-5;

    private TensorScope scope;
    private Tensor img;

    @BeforeEach
    void open() throws Exception {
        scope = TensorScope.open();
        Path png = Paths.get(ImagePipelineTest.class.getResource("/golden/data/uint8_pipeline.png").toURI());
        img = ImageLoader.loadChannelsLast(png);
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** Largest |ours - golden| of a uint8 CHW tensor against an HWC ("pil") or CHW ("tensor") golden. */
    private static int maxDiff(Tensor ours, JsonNode g, boolean hwc) {
        long[] s = ours.shape();
        long[] v = ours.contiguous().toLongArray();
        JsonNode data = g.get("data");
        int h = (int) s[1];
        int w = (int) s[2];
        int worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int want = data.get(hwc ? (y * w + x) * 3 + c : (c * h + y) * w + x).asInt();
                    worst = Math.max(worst, (int) Math.abs(v[(c * h + y) * w + x] - want));
                }
            }
        }
        return worst;
    }

    /**
     * Within one level of PIL (ImageFolder's path in torchvision, whose uint8 filters ATen's kernels
     * follow) and within {@code tensorTol} of the float32 tensor path: bicubic differs more from
     * the latter because PIL and the uint8 kernels round and clip between the two passes.
     */
    private static void check(String name, Tensor ours, int tensorTol) {
        JsonNode c = G.get("cases").get(name);
        long[] hwc = Golden.longs(c.get("pil").get("shape"));
        assertArrayEquals(new long[] {hwc[2], hwc[0], hwc[1]}, ours.shape(), name);
        int pil = maxDiff(ours, c.get("pil"), true);
        int tensor = maxDiff(ours, c.get("tensor"), false);
        assertTrue(pil <= 1 && tensor <= tensorTol, name + ": max |diff| vs PIL " + pil + ", vs tensor path " + tensor);
    }

    private static int[] crop() {
        long[] c = Golden.longs(G.get("crop"));
        return new int[] {(int) c[0], (int) c[1], (int) c[2], (int) c[3]};
    }

    @Test
    void channelsLastDecodeFeedsTheFastKernel() {
        assertEquals(1, NativeInterop.handle(img).stride(0), "a view of interleaved pixels");
    }

    @Test
    void nativeUint8ResizeMatchesTorchvisionWithinOneLevel() {
        int[] p = crop();
        check("rrc_bilinear_16", Functional.resizedCrop(img, p[0], p[1], p[2], p[3], new int[] {16, 16},
                InterpolationMode.BILINEAR, true, true), 1);
        check("rrc_bicubic_16", Functional.resizedCrop(img, p[0], p[1], p[2], p[3], new int[] {16, 16},
                InterpolationMode.BICUBIC, true, true), 3);
        check("rrc_bilinear_up_36", Functional.resizedCrop(img, p[0], p[1], p[2], p[3], new int[] {36, 36},
                InterpolationMode.BILINEAR, true, true), 1);
        ImagePreprocessing eval = new ImagePreprocessing(new int[] {18}, 16, "bilinear", true, null, null, 3, false);
        check("eval_resize18_crop16", eval.uint8Pipeline().perItem().apply(img), 1);
    }

    @Test
    void batchPartGivesTorchvisionsNormalisedValues() {
        int[] p = crop();
        Transform crop = t -> Functional.resizedCrop(t, p[0], p[1], p[2], p[3], new int[] {16, 16},
                InterpolationMode.BILINEAR, true, true);
        ImagePipeline pipeline = new ImagePipeline(crop, MEAN, STD, null);
        Batch b = pipeline.perBatch().apply(List.of(pipeline.item(img, 4)));
        JsonNode want = G.get("rrc_bilinear_16_normalized");
        long[] shape = Golden.longs(want.get("shape"));
        assertArrayEquals(new long[] {1, shape[0], shape[1], shape[2]}, b.inputShape());
        float[] got = b.inputArray();
        float[] w = Golden.floats(want.get("data"));
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - w[i]));
        }
        assertTrue(worst <= LEVEL, "max |diff| " + worst);
        assertEquals(4, b.labelArray()[0]);
    }

    @Test
    void trainPresetSplitMatchesItsFloatPipeline() {
        ClassificationPresetTrain preset = new ClassificationPresetTrain(16, MEAN, STD, InterpolationMode.BILINEAR, 0.5,
                null, 9, 3, 0.5);
        ImagePipeline split = preset.uint8Pipeline();
        int erased = 0;
        for (long seed = 0; seed < 12; seed++) {
            float[] f = SampleRandom.with(seed, () -> preset.apply(img).toFloatArray());
            Uint8Sample s = SampleRandom.with(seed, () -> split.item(img, 0));
            erased += s.erased() == null ? 0 : 1;
            float[] u = split.perBatch().apply(List.of(s)).inputArray();
            assertEquals(f.length, u.length);
            double worst = 0;
            for (int i = 0; i < f.length; i++) {
                worst = Math.max(worst, Math.abs(f[i] - u[i]));
            }
            assertTrue(worst <= LEVEL, "seed " + seed + ": max |diff| " + worst);
        }
        assertTrue(erased > 0 && erased < 12, "p=0.5 erased " + erased + " of 12");
    }

    @Test
    void evalPreprocessingSplitMatchesItsFloatPipeline() {
        ImagePreprocessing eval = new ImagePreprocessing(new int[] {18}, 16, "bilinear", true, MEAN, STD, 3, false);
        float[] f = eval.pipeline().apply(img).toFloatArray();
        ImagePipeline split = eval.uint8Pipeline();
        float[] u = split.perBatch().apply(List.of(split.item(img, 0))).inputArray();
        double worst = 0;
        for (int i = 0; i < f.length; i++) {
            worst = Math.max(worst, Math.abs(f[i] - u[i]));
        }
        assertTrue(worst <= LEVEL, "max |diff| " + worst);
        assertTrue(split.toString().contains("native_uint8=True"), split.toString());
    }

    @Test
    void grayscaleEvalSplitMatchesItsFloatPipeline() {
        ImagePreprocessing eval = new ImagePreprocessing(new int[] {18}, 16, "bilinear", true, new double[] {0.5},
                new double[] {0.25}, 3, false).grayscaleTo(1);
        float[] f = eval.pipeline().apply(img).toFloatArray();
        ImagePipeline split = eval.uint8Pipeline();
        Batch b = split.perBatch().apply(List.of(split.item(img, 0)));
        assertArrayEquals(new long[] {1, 1, 16, 16}, b.inputShape());
        float[] u = b.inputArray();
        double worst = 0;
        for (int i = 0; i < f.length; i++) {
            worst = Math.max(worst, Math.abs(f[i] - u[i]));
        }
        assertTrue(worst <= 1 / 255.0 / 0.25 + 1e-5, "max |diff| " + worst);
    }

    @Test
    void autoAugmentRunsOnTheUint8Part() {
        ImagePipeline split = new ClassificationPresetTrain(16, MEAN, STD, InterpolationMode.BILINEAR, 0.5, "ta_wide",
                9, 3, 0.0).uint8Pipeline();
        List<Uint8Sample> items = new ArrayList<>();
        for (long seed = 0; seed < 4; seed++) {
            long s = seed;
            items.add(SampleRandom.with(s, () -> split.item(img, s)));
        }
        assertArrayEquals(new long[] {4, 3, 16, 16}, split.perBatch().apply(items).inputShape());
    }

    @Test
    void badPipelinesAreNamed() {
        ImagePipeline floatItem = new ImagePipeline(new ToTensor(), MEAN, STD, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> floatItem.item(img, 0));
        assertTrue(e.getMessage().contains("per-item part must return uint8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImagePipeline(t -> t, MEAN, STD,
                new RandomErasing(0.5, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, null)));
        assertTrue(e.getMessage().contains("value='random'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImagePipeline(t -> t, MEAN, null, null));
        assertTrue(e.getMessage().contains("mean and std"), e.getMessage());
    }
}
