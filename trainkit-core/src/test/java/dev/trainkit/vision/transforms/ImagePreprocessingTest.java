package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.data.Golden;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded preprocessing rebuilds torchvision's pipeline (goldens by tools/golden/gen_preprocessing.py). */
class ImagePreprocessingTest {
    private static final JsonNode G = Golden.load("preprocessing.json");

    private static Tensor input() {
        JsonNode a = G.get("input_u8");
        return Torch.tensor(Golden.floats(a.get("data")), Golden.longs(a.get("shape"))).to(DType.UINT8);
    }

    @Test
    void recordedPreprocessingMatchesTorchvision() {
        for (var it = G.get("cases").fields(); it.hasNext(); ) {
            var e = it.next();
            Map<?, ?> recorded = new ObjectMapper().convertValue(e.getValue().get("preprocessing"), Map.class);
            ImagePreprocessing p = ImagePreprocessing.fromMap(recorded, e.getKey());
            assertEquals(recorded, p.toMap(), e.getKey() + ": the record round-trips");
            Tensor got = p.pipeline().apply(input());
            JsonNode want = e.getValue().get("output");
            assertArrayEquals(Golden.longs(want.get("shape")), got.shape(), e.getKey());
            float[] w = Golden.floats(want.get("data"));
            float[] g = got.toFloatArray();
            // uint8 resizes round after float interpolation: one level (1/255, normalised by std) at most
            double tol = 1.0 / 255 / 0.2 + 1e-6;
            for (int i = 0; i < w.length; i++) {
                assertTrue(Math.abs(w[i] - g[i]) <= tol, e.getKey() + " at " + i + ": " + w[i] + " vs " + g[i]);
            }
        }
    }

    @Test
    void pipelineForAKnownShapeSkipsOnlyIdentitySteps() {
        ImagePreprocessing p = ImagePreprocessing.resized(11, 13).grayscaleTo(1);
        Tensor gray = ColorFunctional.rgbToGrayscale(input(), 1);
        assertEquals("Compose(ToTensor())", p.pipelineFor(1, 11, 13).toString());
        assertTrue(p.pipeline().toString().contains("Grayscale") && p.pipeline().toString().contains("Resize"));
        assertTrue(p.pipeline().apply(gray).equal(p.pipelineFor(1, 11, 13).apply(gray)));
        assertArrayEquals(new long[] {1, 11, 13}, p.outputShape());
    }

    @Test
    void badRecordsNameWhatIsWrong() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> new ImagePreprocessing(new int[] {0}, null, "bilinear", true, null, null, 3, false));
        assertTrue(a.getMessage().contains("resize_size"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> ImagePreprocessing.resized(4, 4).normalized(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}));
        assertTrue(b.getMessage().contains("1 or 3 values"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> ImagePreprocessing.fromMap(Map.of("interpolation", "bilinear"), "model.json"));
        assertTrue(c.getMessage().contains("model.json: preprocessing has no 'resize_size'"), c.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> new ImagePreprocessing(new int[] {4}, null, "lanczos", true, null, null, 3, false));
        assertTrue(d.getMessage().contains("lanczos"), d.getMessage());
    }
}
