package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ImageLoader against PIL's {@code Image.open(f).convert("RGB")} (torchvision's default loader) on
 * the tiny files of tools/golden/gen_images.py.
 */
class ImageDecodeParityTest {
    private static Path dir;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        dir = Paths.get(ImageDecodeParityTest.class.getResource("/golden/images/images.json").toURI()).getParent();
        golden = new ObjectMapper().readTree(dir.resolve("images.json").toFile());
    }

    /** Largest absolute difference per pixel channel between our decode (CHW) and PIL's (HWC). */
    private static int maxDiff(String name) throws IOException {
        JsonNode g = golden.get(name);
        int h = g.get("shape").get(0).asInt();
        int w = g.get("shape").get(1).asInt();
        try (TensorScope s = TensorScope.open()) {
            Tensor t = ImageLoader.load(dir.resolve(name));
            assertEquals(DType.UINT8, t.dtype());
            assertArrayEquals(new long[] {3, h, w}, t.shape(), name);
            long[] v = t.toLongArray();
            int max = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int ours = (int) v[(c * h + y) * w + x];
                        int pil = g.get("data").get((y * w + x) * 3 + c).asInt();
                        max = Math.max(max, Math.abs(ours - pil));
                    }
                }
            }
            return max;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb.png", "rgba.png", "palette.png", "gray_alpha.png", "gray16.png", "rgb.jpg", "gray.jpg",
        "cmyk.jpg", "exif_rotated.jpg"})
    void channelsLastLoadHasTheSameValues(String name) throws IOException {
        try (TensorScope s = TensorScope.open()) {
            Tensor planar = ImageLoader.load(dir.resolve(name));
            Tensor interleaved = ImageLoader.loadChannelsLast(dir.resolve(name));
            assertArrayEquals(planar.shape(), interleaved.shape(), name);
            assertTrue(planar.equal(interleaved), name);
        }
        assertThrows(IOException.class, () -> ImageLoader.loadChannelsLast(dir.resolve("truncated.jpg")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb.png", "rgba.png", "palette.png", "gray_alpha.png", "gray16.png"})
    void pngsEqualPil(String name) throws IOException {
        assertEquals(0, maxDiff(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb.jpg", "gray.jpg"})
    void jpegsEqualPilsLibjpeg(String name) throws IOException {
        // libjpeg-turbo on both sides (PIL 9.4's and OpenCV's), islow IDCT, fancy upsampling
        assertTrue(maxDiff(name) <= 1, name + ": " + maxDiff(name));
    }

    @Test
    void cmykJpegLikePil() throws IOException {
        assertTrue(maxDiff("cmyk.jpg") <= 1, "cmyk: " + maxDiff("cmyk.jpg"));
    }

    @Test
    void exifOrientationIsNotApplied() throws IOException {
        // PIL's open and torchvision's default loader keep the stored 16x12, they do not rotate to 12x16
        assertTrue(maxDiff("exif_rotated.jpg") <= 1);
    }

    @Test
    void jpegAndPngTakeTheNativePath() throws IOException {
        for (String n : new String[] {"rgb.jpg", "gray.jpg", "exif_rotated.jpg", "rgb.png", "rgba.png", "palette.png"}) {
            assertTrue(NativeImageDecoder.supported(Files.readAllBytes(dir.resolve(n))), n);
        }
        // PIL treats these its own way: javax.imageio path
        assertFalse(NativeImageDecoder.supported(Files.readAllBytes(dir.resolve("gray16.png"))));
        assertFalse(NativeImageDecoder.supported(Files.readAllBytes(dir.resolve("cmyk.jpg"))));
        assertEquals(4, NativeImageDecoder.jpegComponents(Files.readAllBytes(dir.resolve("cmyk.jpg"))));
        assertEquals(1, NativeImageDecoder.jpegComponents(Files.readAllBytes(dir.resolve("gray.jpg"))));
        assertTrue(NativeImageDecoder.available());
    }

    @Test
    void corruptFilesNameTheFile(@TempDir Path tmp) throws IOException {
        assertEquals("OSError", golden.get("truncated.jpg").get("error").asText()); // PIL refuses it too
        Path truncated = dir.resolve("truncated.jpg");
        IOException e = assertThrows(IOException.class, () -> ImageLoader.load(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image at all");
        IOException e2 = assertThrows(IOException.class, () -> ImageLoader.load(text));
        assertTrue(e2.getMessage().contains(text.toString()), e2.getMessage());
        // cut inside the entropy-coded data: libjpeg would fill the rest with grey, PIL refuses
        byte[] whole = Files.readAllBytes(dir.resolve("rgb.jpg"));
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 20));
        IOException e4 = assertThrows(IOException.class, () -> ImageLoader.load(cut));
        assertTrue(e4.getMessage().contains(cut.toString()) && e4.getMessage().contains("truncated"), e4.getMessage());
        Path missing = tmp.resolve("missing.jpg");
        IOException e3 = assertThrows(IOException.class, () -> ImageLoader.load(missing));
        assertTrue(e3.getMessage().contains(missing.toString()), e3.getMessage());
    }
}
