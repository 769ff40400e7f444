package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG writing (RGB and grey, lossless) and make_grid's layout. */
class ImageSaverTest {
    @TempDir
    Path tmp;

    @Test
    void pngRoundTripsRgbAndGrey() throws Exception {
        Tensor rgb = Torch.arange(0, 3 * 4 * 5, 1).mul(4.0).to(DType.UINT8).reshape(3, 4, 5);
        ImageSaver.savePng(tmp.resolve("rgb.png"), rgb);
        assertTrue(ImageLoader.load(tmp.resolve("rgb.png")).equal(rgb));
        Tensor grey = rgb.narrow(0, 1, 1).contiguous();
        ImageSaver.savePng(tmp.resolve("grey.png"), grey);
        // ImageLoader replicates grey to 3 channels, as PIL's convert("RGB")
        assertTrue(ImageLoader.load(tmp.resolve("grey.png")).equal(grey.expand(3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> ImageSaver.savePng(tmp.resolve("f.png"), rgb.to(DType.FLOAT32)));
    }

    @Test
    void gridPlacesImagesRowByRowWithPadding() {
        Tensor a = Torch.full(new long[] {1, 2, 3}, 10).to(DType.UINT8);
        Tensor b = Torch.full(new long[] {1, 2, 3}, 20).to(DType.UINT8);
        Tensor c = Torch.full(new long[] {1, 1, 2}, 30).to(DType.UINT8);
        Tensor g = ImageSaver.makeGrid(List.of(a, b, c), 2, 1);
        // 2 columns of 3 + 1, 2 rows of 2 + 1, plus the outer padding
        assertArrayEquals(new long[] {1, 7, 9}, g.shape());
        assertEquals(10, g.get(0, 1, 1).item());
        assertEquals(20, g.get(0, 1, 5).item());
        assertEquals(30, g.get(0, 4, 1).item());
        assertEquals(0, g.get(0, 4, 3).item(), "smaller image: the rest of its cell stays black");
        assertEquals(0, g.get(0, 0, 0).item());
        assertThrows(IllegalArgumentException.class, () -> ImageSaver.makeGrid(List.of(a, Torch.zeros(3, 2, 3)), 2, 1));
    }
}
