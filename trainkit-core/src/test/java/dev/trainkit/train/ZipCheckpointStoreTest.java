package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipCheckpointStoreTest {

    @Test
    void loadWithoutTensorsKeepsTheTreeAndLeavesTheWeightsOut(@TempDir Path dir) throws IOException {
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("global_step", 7L);
        ckpt.put("lr", Double.NaN);
        ckpt.put("state_dict", Map.of("w", Torch.ones(2, 3)));
        Path file = dir.resolve("last.ckpt");
        ZipCheckpointStore store = new ZipCheckpointStore();
        store.save(ckpt, file);

        Map<String, Object> head = store.loadWithoutTensors(file);
        assertEquals(7L, ((Number) head.get("global_step")).longValue());
        assertTrue(Double.isNaN(((Number) head.get("lr")).doubleValue()));
        assertTrue(((Map<?, ?>) head.get("state_dict")).containsKey("w"));
        assertNull(((Map<?, ?>) head.get("state_dict")).get("w"));
        Tensor w = (Tensor) ((Map<?, ?>) store.load(file).get("state_dict")).get("w");
        assertEquals(6.0, w.sum().item(), 0);

        Path foreign = dir.resolve("notes.ckpt");
        Files.writeString(foreign, "not a zip");
        assertThrows(IOException.class, () -> store.loadWithoutTensors(foreign));
    }
}
