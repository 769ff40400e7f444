package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.DataLoaderException;
import dev.trainkit.data.Sample;
import dev.trainkit.vision.transforms.CenterCrop;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.RandomHorizontalFlip;
import dev.trainkit.vision.transforms.RandomResizedCrop;
import dev.trainkit.vision.transforms.ToTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    /** A 3x4 (h x w) RGB image whose pixel (y, x) is (10y + x, 100 + seed, 200 - x). */
    static BufferedImage rgb(int seed, int type) {
        BufferedImage img = new BufferedImage(4, 3, type);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int a = 0xFF;
                img.setRGB(x, y, (a << 24) | ((10 * y + x) << 16) | ((100 + seed) << 8) | (200 - x));
            }
        }
        return img;
    }

    static Path write(Path file, BufferedImage img, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()), "no writer for " + format);
        return file;
    }

    static Path tree(Path root) throws IOException {
        write(root.resolve("dog/b.png"), rgb(2, BufferedImage.TYPE_INT_RGB), "png");
        write(root.resolve("dog/A.PNG"), rgb(1, BufferedImage.TYPE_4BYTE_ABGR), "png"); // alpha is dropped
        write(root.resolve("dog/sub/c.png"), rgb(3, BufferedImage.TYPE_3BYTE_BGR), "png");
        BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 2, 0, 77);
        write(root.resolve("cat/g.png"), gray, "png");
        write(root.resolve("cat/j.jpg"), rgb(0, BufferedImage.TYPE_3BYTE_BGR), "jpg");
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        return root;
    }

    @Test
    void layoutClassesAndPixels(@TempDir Path tmp) throws IOException {
        ImageFolder ds = new ImageFolder(tree(tmp));
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(Map.of("cat", 0, "dog", 1), ds.classToIdx());
        List<String> names = new ArrayList<>();
        ds.files().forEach(p -> names.add(tmp.relativize(p).toString()));
        // torchvision: sorted(os.walk(...)) then sorted(fnames); uppercase sorts first
        assertEquals(List.of("cat/g.png", "cat/j.jpg", "dog/A.PNG", "dog/b.png", "dog/sub/c.png"), names);
        assertArrayEquals(new long[] {0, 0, 1, 1, 1}, new long[] {ds.target(0), ds.target(1), ds.target(2),
                ds.target(3), ds.target(4)});
        Sample b = ds.get(3);
        assertArrayEquals(new long[] {3, 3, 4}, b.shape());
        assertEquals(1, b.label());
        // pixel (y=2, x=1): R = 21, G = 102, B = 199
        assertEquals(21f, b.input()[2 * 4 + 1]);
        assertEquals(102f, b.input()[12 + 2 * 4 + 1]);
        assertEquals(199f, b.input()[24 + 2 * 4 + 1]);
        Sample alpha = ds.get(2);
        assertEquals(101f, alpha.input()[12]);
        Sample g = ds.get(0);
        assertEquals(3, g.shape()[0], "grayscale becomes RGB");
        for (int c = 0; c < 3; c++) {
            assertEquals(77f, g.input()[c * 12 + 2 * 4 + 1]);
            assertEquals(0f, g.input()[c * 12]);
        }
        Sample jpg = ds.get(1);
        assertEquals(100f, jpg.input()[12 + 5], 6, "JPEG is lossy: within a few levels");
    }

    @Test
    void transformAndLoaderWithWorkers(@TempDir Path tmp) throws IOException {
        Path root = tree(tmp);
        ImageFolder ds = new ImageFolder(root, Compose.of(new CenterCrop(2), new ToTensor()));
        Sample s = ds.get(3);
        assertArrayEquals(new long[] {3, 2, 2}, s.shape());
        assertEquals((10 * 0 + 1) / 255f, s.input()[0]); // crop top = round(0.5) = 0, left = 1
        ImageFolder rnd = new ImageFolder(root, Compose.of(new RandomResizedCrop(2), new RandomHorizontalFlip(),
                new ToTensor()));
        List<float[]> serial = new ArrayList<>();
        try (DataLoader<Sample, Batch> l = DataLoader.of(rnd).batchSize(2).shuffle(true).seed(5).build()) {
            l.forEach(x -> serial.add(x.inputArray()));
        }
        try (DataLoader<Sample, Batch> l = DataLoader.of(rnd).batchSize(2).shuffle(true).seed(5).numWorkers(2).build()) {
            int i = 0;
            for (Batch x : l) {
                assertArrayEquals(serial.get(i++), x.inputArray(), "augmentations independent of workers");
            }
            assertEquals(serial.size(), i);
        }
    }

    @Test
    void errorsNameTheFileOrFolder(@TempDir Path tmp) throws IOException {
        Path root = tree(tmp.resolve("ok"));
        Path bad = root.resolve("dog/zz_broken.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageFolder ds = new ImageFolder(root, new ToTensor());
        int idx = ds.files().indexOf(bad);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ds.get(idx));
        assertTrue(e.getMessage().contains("zz_broken.png"), e.getMessage());
        try (DataLoader<Sample, Batch> l = DataLoader.of(ds).batchSize(1).numWorkers(2).build()) {
            DataLoaderException de = assertThrows(DataLoaderException.class, () -> l.forEach(b -> { }));
            assertTrue(de.getCause() instanceof UncheckedIOException);
            assertTrue(de.getMessage().contains("zz_broken.png"), de.getMessage());
        }
        Files.createDirectories(tmp.resolve("empty/cls"));
        IOException none = assertThrows(IOException.class, () -> new ImageFolder(tmp.resolve("empty")));
        assertTrue(none.getMessage().contains("no valid file for the class cls"), none.getMessage());
        Files.createDirectories(tmp.resolve("flat"));
        assertThrows(IOException.class, () -> new ImageFolder(tmp.resolve("flat")));
        assertThrows(IOException.class, () -> new ImageFolder(tmp.resolve("missing")));
        ImageFolder mixed = new ImageFolder(root, new CenterCrop(2));
        assertThrows(IllegalArgumentException.class, () -> Batch.collate(List.of(new ImageFolder(root).get(0),
                new Sample(new float[1], new long[] {1}, 0))));
        assertEquals(3, mixed.get(0).shape()[0]);
    }
}
