package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.SegmentationSample;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationFolderTest {
    @TempDir
    Path root;

    /** An RGB image whose red channel is 10·x + y (so pixels are identifiable), saved as {@code format}. */
    private Path image(String name, int h, int w, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | (50 << 8) | 200);
            }
        }
        Path f = Files.createDirectories(root.resolve("images")).resolve(name);
        ImageIO.write(img, format, f.toFile());
        return f;
    }

    /** A grayscale PNG mask with the given row-major values. */
    private Path mask(String name, int h, int w, int[] values) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < values.length; i++) {
            img.getRaster().setSample(i % w, i / w, 0, values[i]);
        }
        Path f = Files.createDirectories(root.resolve("masks")).resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void pairsByNameSortedAndReadsImagesAndClassMasks() throws Exception {
        image("b.png", 2, 3, "png");
        image("a.jpg", 2, 3, "jpg");
        int[] maskB = {0, 1, 2, 3, 0, 1};
        mask("b.png", 2, 3, maskB);
        mask("a.png", 2, 3, new int[6]);
        SegmentationFolder ds = SegmentationFolder.multiclass(root, 4);
        assertEquals(2, ds.size());
        assertEquals(List.of(root.resolve("images/a.jpg"), root.resolve("images/b.png")), ds.images());
        assertEquals(List.of(root.resolve("masks/a.png"), root.resolve("masks/b.png")), ds.masks());
        SegmentationSample s = ds.get(1);
        assertArrayEquals(new long[] {3, 2, 3}, s.shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 0, 1}, s.mask());
        // red channel = (10x + y) / 255 as ToTensor would give, row-major (y, x)
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals((10 * x + y) / 255f, s.image()[y * 3 + x], 1e-6);
                assertEquals(200 / 255f, s.image()[2 * 6 + y * 3 + x], 1e-6);
            }
        }
    }

    @Test
    void paletteMasksGiveTheIndexNotTheColour() throws Exception {
        image("p.png", 1, 3, "png");
        byte[] r = {0, (byte) 128, 0};
        byte[] g = {0, 0, (byte) 128};
        byte[] b = {0, 0, 0};
        BufferedImage m = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        m.getRaster().setSample(0, 0, 0, 2);
        m.getRaster().setSample(1, 0, 0, 0);
        m.getRaster().setSample(2, 0, 0, 1);
        ImageIO.write(m, "png", Files.createDirectories(root.resolve("masks")).resolve("p.png").toFile());
        assertArrayEquals(new long[] {2, 0, 1}, SegmentationFolder.multiclass(root, 3).get(0).mask());
    }

    @Test
    void binaryMasksMap255ToOne() throws Exception {
        image("x.png", 2, 2, "png");
        mask("x.png", 2, 2, new int[] {0, 255, 255, 0});
        SegmentationFolder ds = SegmentationFolder.binary(root);
        assertEquals(2, ds.numClasses());
        assertArrayEquals(new long[] {0, 1, 1, 0}, ds.get(0).mask());
    }

    @Test
    void binaryMaskWithAnotherValueIsAnErrorNamingTheFile() throws Exception {
        image("x.png", 2, 2, "png");
        Path m = mask("x.png", 2, 2, new int[] {0, 255, 128, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationFolder.binary(root).get(0));
        assertTrue(e.getMessage().contains(m.toString()) && e.getMessage().contains("128")
                && e.getMessage().contains("y=1, x=0"), e.getMessage());
    }

    @Test
    void classValueAtOrAboveNumClassesIsAnErrorUnlessIgnored() throws Exception {
        image("x.png", 1, 3, "png");
        Path m = mask("x.png", 1, 3, new int[] {0, 4, 255});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationFolder.multiclass(root, 5).get(0));
        assertTrue(e.getMessage().contains(m.toString()) && e.getMessage().contains("255")
                && e.getMessage().contains("num_classes=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SegmentationFolder.multiclass(root, 4).ignoreIndex(255).get(0));
        assertTrue(e.getMessage().contains("value 4"), e.getMessage());
        assertArrayEquals(new long[] {0, 4, 255}, SegmentationFolder.multiclass(root, 5).ignoreIndex(255).get(0).mask());
        assertThrows(IllegalArgumentException.class, () -> SegmentationFolder.multiclass(root, 5).ignoreIndex(3));
    }

    @Test
    void missingMaskNamesTheImage() throws Exception {
        image("a.png", 2, 2, "png");
        Path lonely = image("b.png", 2, 2, "png");
        mask("a.png", 2, 2, new int[4]);
        IOException e = assertThrows(IOException.class, () -> SegmentationFolder.multiclass(root, 2));
        assertTrue(e.getMessage().contains(lonely.toString()) && e.getMessage().contains("masks/b.png"), e.getMessage());
    }

    @Test
    void maskWithoutImageNamesTheMask() throws Exception {
        image("a.png", 2, 2, "png");
        mask("a.png", 2, 2, new int[4]);
        Path lonely = mask("c.png", 2, 2, new int[4]);
        IOException e = assertThrows(IOException.class, () -> SegmentationFolder.binary(root));
        assertTrue(e.getMessage().contains(lonely.toString()), e.getMessage());
    }

    @Test
    void missingFoldersJpegMasksAndDuplicateNamesAreErrors() throws Exception {
        IOException e = assertThrows(IOException.class, () -> SegmentationFolder.binary(root));
        assertTrue(e.getMessage().contains("images"), e.getMessage());
        image("a.png", 2, 2, "png");
        image("a.jpg", 2, 2, "jpg");
        mask("a.png", 2, 2, new int[4]);
        e = assertThrows(IOException.class, () -> SegmentationFolder.binary(root));
        assertTrue(e.getMessage().contains("a.jpg") && e.getMessage().contains("a.png"), e.getMessage());
        Files.delete(root.resolve("images/a.jpg"));
        image("j.png", 2, 2, "png");
        Path jpgMask = Files.createDirectories(root.resolve("masks")).resolve("j.jpg");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), "jpg", jpgMask.toFile());
        e = assertThrows(IOException.class, () -> SegmentationFolder.binary(root));
        assertTrue(e.getMessage().contains(jpgMask.toString()) && e.getMessage().contains("PNG"), e.getMessage());
    }

    @Test
    void sizeMismatchNamesBothFiles() throws Exception {
        Path img = image("a.png", 4, 4, "png");
        Path m = mask("a.png", 4, 3, new int[12]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationFolder.binary(root).get(0));
        assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains(m.toString()), e.getMessage());
    }

    @Test
    void resizeUsesNearestForMasksAndTransformMustKeepTheSize() throws Exception {
        image("a.png", 4, 6, "png");
        int[] values = new int[24];
        for (int i = 0; i < 24; i++) {
            values[i] = (i % 6) < 3 ? 1 : 2;
        }
        mask("a.png", 4, 6, values);
        SegmentationSample s = SegmentationFolder.multiclass(root, 3).resize(8, 12).get(0);
        assertArrayEquals(new long[] {3, 8, 12}, s.shape());
        Set<Long> seen = new HashSet<>();
        for (long v : s.mask()) {
            seen.add(v);
        }
        assertEquals(Set.of(1L, 2L), seen, "nearest keeps the class values (bilinear would blend 1 and 2 at the edge)");
        assertEquals(1, s.mask()[0]);
        assertEquals(2, s.mask()[11]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationFolder.multiclass(root, 3).transform(x -> x.narrow(2, 0, 2)).get(0));
        assertTrue(e.getMessage().contains("transform") && e.getMessage().contains("a.png"), e.getMessage());
        SegmentationSample t = SegmentationFolder.multiclass(root, 3).transform(x -> x.mul(2)).get(0);
        assertEquals(2 * (10 * 1 + 0) / 255f, t.image()[1], 1e-6);
    }
}
