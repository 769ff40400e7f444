package dev.trainkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesSegmentationTest {
    @TempDir
    Path dir;

    @Test
    void tinyRunLowersTheLossAndWritesOnlyTheSummary() throws Exception {
        Path out = dir.resolve("run");
        // 16 training images of 32x32, batch 4: 12 steps are 3 epochs over the same images
        ShapesSegmentationConfig c = new ShapesSegmentationConfig(out, 16, 8, 32, 4, 12, 1e-3, 0, 1, 0);
        ShapesSegmentationResult r = ShapesSegmentation.run(c, null);
        List<Double> l = r.losses();
        assertEquals(12, l.size());
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3;
        double last = (l.get(9) + l.get(10) + l.get(11)) / 3;
        assertTrue(last < first, "the mean loss of the last 3 steps (" + last + ") is below that of the first 3 ("
                + first + "); losses " + l);
        assertTrue(r.meanIoU() >= 0 && r.meanIoU() <= 1, "mIoU " + r.meanIoU());

        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "nothing is written beside the output folder");
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("summary.json")), s.toList());
        }
        JsonNode j = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(r.meanIoU(), j.get("mean_iou").asDouble(), 0);
        assertEquals(12, j.get("losses").size());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ShapesSegmentationConfig(dir, 4, 4, 32, 8, 10, 1e-3, 0, 1, 0)); // batch > images
        assertThrows(IllegalArgumentException.class,
                () -> new ShapesSegmentationConfig(dir, 16, 4, 32, 4, 0, 1e-3, 0, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ShapesSegmentationConfig(dir, 16, 4, 32, 4, 10, -1, 0, 1, 0));
    }
}
