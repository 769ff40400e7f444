package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    private static final String RES = "/dev/trainkit/data/fashion-mnist-subset/";

    private static IdxArray resource(String name) throws IOException {
        try (InputStream in = IdxTest.class.getResourceAsStream(RES + name)) {
            return Idx.read(in, name);
        }
    }

    private static void checkAgainstPython(JsonNode g, IdxDataset ds) {
        assertEquals(g.get("labels_count").asInt(), ds.size());
        assertEquals(g.get("images_shape").get(1).asInt(), ds.height());
        long[] first = Golden.longs(g.get("first_labels"));
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], ds.target(i), "label " + i);
            assertEquals(first[i], ds.get(i).label(), "label " + i);
        }
        byte[] px = ds.pixels(0);
        long[] row = Golden.longs(g.get("image0_row14"));
        for (int c = 0; c < 28; c++) {
            assertEquals(row[c], px[14 * 28 + c] & 0xFF, "pixel (14, " + c + ")");
        }
        assertEquals(g.get("image0_sum").asLong(), sum(ds.pixels(0)));
        assertEquals(g.get("last_image_sum").asLong(), sum(ds.pixels(ds.size() - 1)));
        long[] counts = new long[10];
        for (int i = 0; i < ds.size(); i++) {
            counts[(int) ds.target(i)]++;
        }
        assertArrayEquals(Golden.longs(g.get("label_counts")), counts);
        // the Sample is ToTensor's scaling of the same pixels
        Sample s = ds.get(0);
        assertArrayEquals(new long[] {1, 28, 28}, s.shape());
        assertEquals((px[14 * 28 + 12] & 0xFF) / 255f, s.input()[14 * 28 + 12]);
    }

    private static long sum(byte[] b) {
        long s = 0;
        for (byte x : b) {
            s += x & 0xFF;
        }
        return s;
    }

    @Test
    void embeddedSubsetMatchesTorchvisionReader() throws IOException {
        JsonNode g = Golden.load("idx.json").get("embedded");
        checkAgainstPython(g.get("train"), new IdxDataset(resource("train-images-idx3-ubyte.gz"),
                resource("train-labels-idx1-ubyte.gz")));
        checkAgainstPython(g.get("test"), new IdxDataset(resource("t10k-images-idx3-ubyte.gz"),
                resource("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void fullDebianSetWhenInstalled() throws IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        JsonNode g = Golden.load("idx.json").get("full");
        assumeTrue(Files.isDirectory(dir) && g != null, "dataset-fashion-mnist not installed");
        checkAgainstPython(g.get("test"), IdxDataset.load(dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    private static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    @Test
    void plainAndGzippedGiveTheSameArray(@TempDir Path tmp) throws IOException {
        byte[] plain = idx(0x08, new int[] {2, 3}, new byte[] {1, 2, 3, 4, 5, (byte) 250});
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        Path p = tmp.resolve("x-idx2-ubyte");
        Files.write(p, plain);
        IdxArray a = Idx.read(p);
        IdxArray b = Idx.read(new ByteArrayInputStream(gz.toByteArray()), "gz");
        assertEquals(a, b);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals(250, a.unsignedByte(5));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 250}, a.toDoubles());
        // big-endian int32 file
        IdxArray ints = Idx.read(new ByteArrayInputStream(idx(0x0C, new int[] {2},
                new byte[] {0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE})), "ints");
        assertArrayEquals(new double[] {256, -2}, ints.toDoubles());
    }

    @Test
    void badFilesGiveClearErrors() {
        IOException magic = assertThrows(IOException.class, () -> Idx.read(
                new ByteArrayInputStream(new byte[] {1, 2, 8, 1, 0, 0, 0, 0}), "bad.idx"));
        assertTrue(magic.getMessage().contains("bad.idx") && magic.getMessage().contains("magic"), magic.getMessage());
        IOException type = assertThrows(IOException.class, () -> Idx.read(
                new ByteArrayInputStream(new byte[] {0, 0, 7, 1, 0, 0, 0, 0}), "t.idx"));
        assertTrue(type.getMessage().contains("unknown element type 0x7"), type.getMessage());
        byte[] full = idx(0x08, new int[] {10, 28, 28}, new byte[10 * 28 * 28]);
        byte[] cut = java.util.Arrays.copyOf(full, 100);
        IOException trunc = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(cut), "cut.gz"));
        assertTrue(trunc.getMessage().contains("truncated") && trunc.getMessage().contains("7840 bytes")
                && trunc.getMessage().contains("only 84"), trunc.getMessage());
        IOException header = assertThrows(IOException.class, () -> Idx.read(
                new ByteArrayInputStream(new byte[] {0, 0, 8, 3, 0, 0, 0, 1}), "h"));
        assertTrue(header.getMessage().contains("declares 3 dimensions"), header.getMessage());
        assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(new byte[] {0, 0}), "tiny"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(full);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] cutGz = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        IOException gzTrunc = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(cutGz), "c.gz"));
        assertTrue(gzTrunc.getMessage().startsWith("c.gz: truncated"), gzTrunc.getMessage());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> new IdxDataset(
                new IdxArray(8, new int[] {2, 1, 1}, new byte[2]), new IdxArray(8, new int[] {3}, new byte[3])));
        assertTrue(mismatch.getMessage().contains("2 images but 3 labels"), mismatch.getMessage());
    }
}
