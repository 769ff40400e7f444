package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheGoldenFileBitExactlyWithMetadata() throws Exception {
        Path f = Golden.file("dtypes.safetensors");
        Map<String, Tensor> t = Safetensors.load(f);
        assertEquals(Golden.normalize(Golden.expected("dtypes.safetensors").get("dict")),
                Golden.normalize(Golden.describe(t).get("dict")));
        assertEquals(Map.of("format", "pt", "source", "gen_weights.py"), Safetensors.metadata(f));
        assertEquals(t.keySet(), Safetensors.inspect(f).keySet());
    }

    @Test
    void writesWhatItReadsWithAlignedHeader() throws Exception {
        Map<String, Tensor> t = Safetensors.load(Golden.file("dtypes.safetensors"));
        Path out = dir.resolve("copy.safetensors");
        Safetensors.save(t, Map.of("format", "pt"), out);
        assertEquals(Golden.normalize(Golden.describe(t)), Golden.normalize(Golden.describe(Safetensors.load(out))));
        assertEquals(Map.of("format", "pt"), Safetensors.metadata(out));
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(out), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "data starts 8-byte aligned");
        // and the pth writer/reader agree with it: convert and compare
        Path pth = dir.resolve("copy.pth");
        PthWriter.save(t, pth);
        assertEquals(Golden.normalize(Golden.describe(t)), Golden.normalize(Golden.describe(PthReader.load(pth))));
    }

    private Path file(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(new byte[dataBytes]);
        Path p = dir.resolve("bad" + Math.abs(header.hashCode()) + ".safetensors");
        Files.write(p, out.toByteArray());
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}|12|overlap",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}|4|out of range",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}|8|needs 12",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}|8|belong to no tensor",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|8|trailing bytes",
        "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}|8|'C64' is not supported",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}|4|non-negative",
        "{\"a\": [1, 2|0|not valid JSON",
        "[1]|0|must be a JSON object",
        "{\"__metadata__\":{\"n\":1}}|0|must be a string",
    })
    void invalidHeadersGiveOneLineReasons(String header, int dataBytes, String reason) throws Exception {
        Path p = file(header, dataBytes);
        WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Safetensors.load(p));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void truncatedFilesAreRejected() throws Exception {
        byte[] full = Files.readAllBytes(Golden.file("dtypes.safetensors"));
        for (int cut : new int[] {0, 7, 8, 20, full.length / 2, full.length - 1}) {
            Path p = dir.resolve("cut" + cut + ".safetensors");
            Files.write(p, Arrays.copyOf(full, cut));
            assertThrows(WeightsFormatException.class, () -> Safetensors.load(p), "cut at " + cut);
            assertThrows(WeightsFormatException.class, () -> Safetensors.inspect(p), "cut at " + cut);
        }
    }
}
