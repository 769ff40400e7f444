package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.DataLoader;
import dev.trainkit.data.SegmentationBatch;
import dev.trainkit.data.SegmentationSample;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.TensorScope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void sameSeedAndIndexGiveTheSameItemInAnyOrderAndOnAnyThread() throws Exception {
        Shapes a = Shapes.builder().length(20).size(32).seed(7).build();
        Shapes b = Shapes.builder().length(20).size(32).seed(7).build();
        SegmentationSample[] fromOtherThread = new SegmentationSample[1];
        Thread t = new Thread(() -> fromOtherThread[0] = b.get(13));
        t.start();
        t.join();
        b.get(3); // drawing other items first must not matter
        assertEquals(a.get(13), fromOtherThread[0]);
        assertEquals(a.get(13), b.get(13));
        assertNotEquals(a.get(13), a.get(12));
        Shapes other = Shapes.builder().length(20).size(32).seed(8).build();
        assertNotEquals(a.get(13), other.get(13));
    }

    @Test
    void shapesAndDefaultsAreAsDocumented() {
        Shapes s = Shapes.builder().build();
        assertEquals(1000, s.size());
        SegmentationSample x = s.get(0);
        assertArrayEquals(new long[] {3, 64, 64}, x.shape());
        assertEquals(64 * 64, x.mask().length);
        for (float v : x.image()) {
            assertTrue(v >= 0 && v <= 1, "image values in [0, 1]");
        }
        assertEquals(4, s.numClasses());
        assertEquals(2, Shapes.builder().binary(true).build().numClasses());
    }

    @Test
    void binaryMaskIsTheMulticlassMaskAboveZeroAndTheImagesAgree() {
        Shapes multi = Shapes.builder().length(30).size(48).seed(3).build();
        Shapes bin = Shapes.builder().length(30).size(48).seed(3).binary(true).build();
        Set<Long> classesSeen = new HashSet<>();
        for (int i = 0; i < multi.size(); i++) {
            SegmentationSample m = multi.get(i);
            SegmentationSample b = bin.get(i);
            assertArrayEquals(m.image(), b.image(), "the image does not depend on the mask mode");
            for (int p = 0; p < m.mask().length; p++) {
                long v = m.mask()[p];
                assertTrue(v >= 0 && v <= 3, "class index in 0..3");
                classesSeen.add(v);
                assertEquals(v > 0 ? 1 : 0, b.mask()[p]);
            }
        }
        assertEquals(Set.of(0L, 1L, 2L, 3L), classesSeen, "30 images show every class");
    }

    @Test
    void maskedPixelsAreSolidShapeColoursAndDifferFromTheNoisyBackground() {
        int maxShapes = 3;
        Shapes s = Shapes.builder().length(25).size(40).seed(11).maxShapes(maxShapes).noise(0.1).build();
        for (int i = 0; i < s.size(); i++) {
            SegmentationSample x = s.get(i);
            int plane = x.height() * x.width();
            Set<List<Float>> shapeColours = new HashSet<>();
            double[] bgMean = new double[3];
            int bgCount = 0;
            int fgCount = 0;
            for (int p = 0; p < plane; p++) {
                if (x.mask()[p] > 0) {
                    fgCount++;
                    shapeColours.add(List.of(x.image()[p], x.image()[plane + p], x.image()[2 * plane + p]));
                } else {
                    bgCount++;
                    for (int c = 0; c < 3; c++) {
                        bgMean[c] += x.image()[c * plane + p];
                    }
                }
            }
            assertTrue(fgCount > 0, "item " + i + " has at least one shape");
            assertTrue(bgCount > 0, "item " + i + " has background");
            assertTrue(shapeColours.size() <= maxShapes, "shapes are solid: at most one colour per shape, got "
                    + shapeColours.size() + " in item " + i);
            for (int c = 0; c < 3; c++) {
                bgMean[c] /= bgCount;
            }
            // every shape colour stands out from the background (clipping can shift the mean a little)
            for (List<Float> col : shapeColours) {
                double d = 0;
                for (int c = 0; c < 3; c++) {
                    d += Math.pow(col.get(c) - bgMean[c], 2);
                }
                assertTrue(Math.sqrt(d) > 0.2, "shape colour " + col + " vs background " + java.util.Arrays.toString(bgMean));
            }
            // the background is noisy: more distinct colours than shapes
            Set<Float> bgReds = new HashSet<>();
            for (int p = 0; p < plane; p++) {
                if (x.mask()[p] == 0) {
                    bgReds.add(x.image()[p]);
                }
            }
            assertTrue(bgReds.size() > maxShapes, "noisy background in item " + i);
        }
    }

    @Test
    void loaderWithWorkersCollatesTheSameBatchesAsWithout() {
        Shapes s = Shapes.builder().length(10).size(16).seed(5).binary(true).build();
        List<long[]> masks0 = new ArrayList<>();
        try (DataLoader<SegmentationSample, SegmentationBatch> l = DataLoader.builder(s, SegmentationBatch::collate)
                .batchSize(4).shuffle(true).seed(1).build()) {
            for (SegmentationBatch b : l) {
                masks0.add(b.maskArray());
            }
        }
        List<long[]> masks2 = new ArrayList<>();
        try (DataLoader<SegmentationSample, SegmentationBatch> l = DataLoader.builder(s, SegmentationBatch::collate)
                .batchSize(4).shuffle(true).seed(1).numWorkers(2).build()) {
            for (SegmentationBatch b : l) {
                masks2.add(b.maskArray());
                assertArrayEquals(new long[] {b.size(), 3, 16, 16}, b.inputShape());
                try (TensorScope step = TensorScope.open()) {
                    assertArrayEquals(new long[] {b.size(), 16, 16}, b.masks().shape());
                    assertArrayEquals(new long[] {b.size(), 1, 16, 16}, b.binaryTargets().shape());
                    assertEquals(DType.FLOAT32, b.binaryTargets().dtype());
                }
            }
        }
        assertEquals(3, masks0.size());
        for (int i = 0; i < masks0.size(); i++) {
            assertArrayEquals(masks0.get(i), masks2.get(i));
        }
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.builder().size(4));
        assertThrows(IllegalArgumentException.class, () -> Shapes.builder().length(0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.builder().maxShapes(0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.builder().noise(1.5));
        Shapes s = Shapes.builder().length(3).build();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        assertTrue(e.getMessage().contains("Shapes"), e.getMessage());
    }
}
