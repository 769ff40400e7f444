package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by PthWriter read back in Java and in real PyTorch, weights_only=True. */
class PthWriterTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeRoundTripsThroughPythonTorchLoadWeightsOnly() throws Exception {
        // the tensors PyTorch wrote into the golden file, written again by Java
        Map<String, Tensor> sd = PthReader.loadStateDict(Golden.file("zip_dtypes.pth"));
        Path out = dir.resolve("dtypes.pth");
        PthWriter.save(sd, out);
        assertEquals(Golden.normalize(Golden.expected("zip_dtypes.pth")),
                Golden.normalize(Golden.describe(PthReader.load(out))), "Java reads back what it wrote");
        JsonNode py = PythonTorch.run(PythonTorch.DESCRIBE, out.toString());
        assertEquals(Golden.normalize(Golden.expected("zip_dtypes.pth")), Golden.normalize(py.get("describe")));
        assertEquals("OrderedDict", py.get("kinds").get("type").asText());
    }

    @Test
    void nonContiguousTensorsAndNestedCheckpointsRoundTripThroughPython() throws Exception {
        Tensor base = Torch.arange(0.0, 24.0, 1.0).reshape(4, 6);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("w", base.transpose(0, 1));
        sd.put("col", base.select(1, 2));
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("state_dict", sd);
        ckpt.put("epoch", 3);
        ckpt.put("name", "größe ✓");
        ckpt.put("milestones", List.of(30, 60L, -5, 1L << 40));
        ckpt.put("flags", Map.of("ema", true));
        ckpt.put("none", null);
        Path out = dir.resolve("ckpt.pth");
        PthWriter.save(ckpt, out);

        JsonNode expected = Golden.normalize(Golden.describe(ckpt));
        assertEquals(expected, Golden.normalize(Golden.describe(PthReader.load(out))));
        JsonNode py = PythonTorch.run(PythonTorch.DESCRIBE, out.toString());
        assertEquals(expected, Golden.normalize(py.get("describe")));
        assertEquals("dict", py.get("kinds").get("type").asText());
        assertEquals("OrderedDict", py.get("kinds").get("items").get("state_dict").get("type").asText());
        assertEquals("int", py.get("kinds").get("items").get("epoch").asText());
        assertTrue(py.get("weights_only").asBoolean());
    }

    @Test
    void floatsInACheckpointRoundTripThroughPython() throws Exception {
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("lr", 0.01);
        ckpt.put("betas", List.of(0.9, 0.999));
        ckpt.put("nan", Double.NaN);
        ckpt.put("w", Map.of("x", Torch.ones(2)));
        Path out = dir.resolve("floats.pth");
        PthWriter.save(ckpt, out);
        // PyTorch 2.x reads BINFLOAT with weights_only=True; 1.13 cannot (its allow-list lacks the
        // opcode, even for its own torch.save files), so on 1.13 the script loads without weights_only
        JsonNode py = PythonTorch.run(PythonTorch.DESCRIBE, out.toString(), "floats");
        assertEquals(Golden.normalize(Golden.describe(ckpt)), Golden.normalize(py.get("describe")));
    }

    @Test
    void storageRecordsAreStoredAnd64ByteAligned() throws Exception {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("a", Torch.ones(3));
        sd.put("bb", Torch.ones(5, 7));
        Path out = dir.resolve("aligned.pth");
        PthWriter.save(sd, out);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        int records = 0;
        while (b.getInt(pos) == 0x04034b50) { // local file header
            int method = b.getShort(pos + 8);
            int size = b.getInt(pos + 18);
            int nameLen = b.getShort(pos + 26);
            int extraLen = b.getShort(pos + 28);
            String name = new String(b.array(), pos + 30, nameLen);
            int data = pos + 30 + nameLen + extraLen;
            assertEquals(0, method, name + " is stored, not deflated");
            assertEquals(0, data % 64, name + " data starts 64-byte aligned");
            pos = data + size;
            records++;
        }
        assertEquals(5, records, "data.pkl, byteorder, 2 storages, version");
    }

    @Test
    void anUnsupportedValueFailsBeforeTheFileIsTouched() throws Exception {
        Path out = dir.resolve("keep.pth");
        PthWriter.save(Map.of("x", Torch.ones(2)), out);
        byte[] before = Files.readAllBytes(out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PthWriter.save(Map.of("meta", Map.of("when", new Object())), out));
        assertTrue(e.getMessage().contains("'meta.when'"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out), "the old file is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aFailingWriteLeavesNoFileAtTheTarget() throws Exception {
        Path out = dir.resolve("never.pth");
        assertThrows(java.io.IOException.class, () -> dev.trainkit.util.AtomicFiles.write(out, o -> {
            o.write(new byte[1000]);
            throw new java.io.IOException("disk full (simulated)");
        }));
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "the temporary file is removed");
        }
    }
}
