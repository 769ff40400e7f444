package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.datasets.ImageSaver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainkit augment}: one image to .npy/.png, a grid of an ImageFolder, clear errors. */
class AugmentCommandTest {
    @TempDir
    Path tmp;

    private static Tensor picture(long seed, int h, int w) {
        Torch.manualSeed(seed);
        return Torch.randint(0, 256, 3, h, w).to(DType.UINT8);
    }

    private Path png(String name, Tensor img) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        ImageSaver.savePng(p, img);
        return p;
    }

    @Test
    void writesTheUint8ResultAsNpyAndPngLosslessly() throws Exception {
        Tensor img = picture(1, 20, 24);
        Path in = png("in.png", img);
        assertTrue(ImageLoader.load(in).equal(img), "PNG round trip is lossless");
        Path npy = tmp.resolve("out.npy");
        CliRun r = CliRun.of("augment", "--transform", "RandomInvert(p=1.0)", in.toString(), npy.toString());
        assertEquals(0, r.code(), r.err());
        Tensor y = Npy.load(npy);
        assertEquals(DType.UINT8, y.dtype());
        assertTrue(y.equal(img.rsub(255).to(DType.UINT8)), "255 - x");
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("[3,20,24]", o.get("shape").toString());

        Path outPng = tmp.resolve("out.png");
        String spec = "Compose([RandomResizedCrop(16), TrivialAugmentWide(), ToTensor()])";
        assertEquals(0, CliRun.of("augment", "--transform", spec, "--seed", "5", in.toString(), outPng.toString()).code());
        Tensor a = ImageLoader.load(outPng);
        assertArrayEquals(new long[] {3, 16, 16}, a.shape());
        Path again = tmp.resolve("again.png");
        assertEquals(0, CliRun.of("augment", "--transform", spec, "--seed", "5", in.toString(), again.toString()).code());
        assertTrue(ImageLoader.load(again).equal(a), "same seed, same augmentation");
        Path other = tmp.resolve("other.png");
        assertEquals(0, CliRun.of("augment", "--transform", spec, "--seed", "6", in.toString(), other.toString()).code());
        assertFalse(ImageLoader.load(other).equal(a), "another seed, another augmentation");
    }

    @Test
    void gridTilesSamplesOfAnImageFolder() throws Exception {
        for (int i = 0; i < 3; i++) {
            png("data/cat/" + i + ".png", picture(10 + i, 12, 14));
            png("data/dog/" + i + ".png", picture(20 + i, 12, 14));
        }
        Path grid = tmp.resolve("grid.png");
        CliRun r = CliRun.of("augment", "--transform", "Compose([CenterCrop(10), RandAugment()])", "--grid",
                tmp.resolve("data").toString(), "--out", grid.toString(), "--n", "4");
        assertEquals(0, r.code(), r.err());
        // make_grid: 2 x 2 cells of 10 + 2 padding, plus the outer padding
        assertArrayEquals(new long[] {3, 26, 26}, ImageLoader.load(grid).shape());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(4, o.get("images").size());
        assertTrue(o.get("images").get(0).asText().startsWith("cat"), o.toString());
        assertTrue(o.get("images").get(3).asText().startsWith("dog"), o.toString());
    }

    @Test
    void badArgumentsGiveClearErrors() throws Exception {
        Path in = png("in.png", picture(1, 8, 8));
        CliRun r = CliRun.of("augment", "--transform", "RandAugmnet()", in.toString(), tmp.resolve("o.npy").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("did you mean 'RandAugment'"), r.err());
        r = CliRun.of("augment", "--transform", "RandomInvert()", in.toString(), tmp.resolve("o.jpg").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected a .png or .npy file"), r.err());
        r = CliRun.of("augment", "--transform", "RandomInvert()", "--grid", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--grid needs --out FILE.png"), r.err());
        r = CliRun.of("augment", "--transform", "RandomInvert()", tmp.resolve("missing.png").toString(),
                tmp.resolve("o.npy").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
