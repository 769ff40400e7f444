package dev.trainkit.vision.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.Datasets;
import dev.trainkit.data.Golden;
import dev.trainkit.data.Sample;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.Grayscale;
import dev.trainkit.vision.transforms.Resize;
import dev.trainkit.vision.transforms.ToTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMNISTTest {
    private static final JsonNode G = Golden.load("idx.json");

    @Test
    void embeddedMatchesPythonAndTransforms() {
        FashionMNIST train = FashionMNIST.embedded(true);
        JsonNode g = G.get("embedded").get("train");
        assertEquals(g.get("labels_count").asInt(), train.size());
        List<String> classes = new ArrayList<>();
        g.get("classes").forEach(n -> classes.add(n.asText()));
        assertEquals(classes, train.classes());
        assertEquals(g.get("first_labels").get(0).asLong(), train.get(0).label());
        assertEquals(G.get("embedded").get("test").get("labels_count").asInt(), FashionMNIST.embedded(false).size());
        FashionMNIST big = FashionMNIST.embedded(true, Compose.of(new Grayscale(3), new Resize(32), new ToTensor()));
        Sample s = big.get(0);
        assertArrayEquals(new long[] {3, 32, 32}, s.shape());
        assertEquals(train.get(0).label(), s.label());
        // the demo's few-shot set: classes 5-9 relabelled 0-4, 60 per class, without decoding
        Dataset<Sample> few = Datasets.takePerClass(Datasets.selectClasses(train, 5, 6, 7, 8, 9), 60, 0);
        assertEquals(300, few.size());
        assertTrue(few.get(0).label() >= 0 && few.get(0).label() < 5);
    }

    @Test
    void loadsAFolderOrSaysWhatIsMissing(@TempDir Path tmp) throws IOException {
        IOException e = assertThrows(IOException.class, () -> FashionMNIST.load(tmp, true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains(tmp.toString()),
                e.getMessage());
        Path full = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(full) && G.has("full"), "dataset-fashion-mnist not installed");
        FashionMNIST test = FashionMNIST.load(full, false);
        JsonNode g = G.get("full").get("test");
        assertEquals(g.get("labels_count").asInt(), test.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(g.get("first_labels").get(i).asLong(), test.target(i));
        }
    }
}
