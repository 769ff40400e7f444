package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.pth + model.json: written together, read back by name, strictly. */
class SavedModelTest {
    private static ModelDescription description(String spec) {
        return new ModelDescription(spec, List.of("a", "b", "c"),
                ImagePreprocessing.resized(32, 32).normalized(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}),
                new long[] {3, 32, 32}, false);
    }

    @Test
    void saveThenLoadByName(@TempDir Path dir) throws Exception {
        Torch.manualSeed(0);
        Module m = Models.create("mobilenet_v3_small(num_classes=3)");
        SavedModel.save(dir, m, description("mobilenet_v3_small(num_classes=3)"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("model.json").toFile());
        assertEquals("mobilenet_v3_small", json.get("torchvision").get("builder").asText());
        assertEquals(3, json.get("torchvision").get("kwargs").get("num_classes").asInt());
        assertEquals(3, json.get("num_classes").asInt());

        SavedModel s = SavedModel.load(dir);
        assertEquals(description("mobilenet_v3_small(num_classes=3)"), s.description());
        assertFalse(s.model().isTraining());
        Tensor x = Torch.randn(1, 3, 32, 32);
        m.eval();
        assertTrue(m.forward(x).equal(s.model().forward(x)));

        ModelDescription marked = s.description().withInterrupted(true);
        marked.write(dir.resolve("model.json"));
        assertTrue(ModelDescription.read(dir.resolve("model.json")).interrupted());
    }

    @Test
    void otherWeightsOrMissingFilesAreRefused(@TempDir Path dir) throws Exception {
        SavedModel.save(dir, Models.create("mobilenet_v3_small(num_classes=3)"), description("mobilenet_v3_small(num_classes=4)"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("does not fit mobilenet_v3_small(num_classes=4)"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SavedModel.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("expected model.pth and model.json"), missing.getMessage());
        Files.writeString(dir.resolve("model.json"), "{\"model\": \"x\"}");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> SavedModel.load(dir));
        assertTrue(foreign.getMessage().contains("not a TrainKit model description"), foreign.getMessage());
    }
}
