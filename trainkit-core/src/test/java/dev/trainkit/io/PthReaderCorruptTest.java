package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, corrupt and garbage files get a WeightsFormatException with a one-line reason. */
class PthReaderCorruptTest {
    @TempDir
    Path dir;

    private static WeightsFormatException assertRejected(Path p, String what) {
        WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> PthReader.load(p), what);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertThrows(WeightsFormatException.class, () -> PthReader.inspect(p), what + " (inspect)");
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip_dtypes.pth", "legacy_dtypes.pth", "legacy_checkpoint.pth", "zip_views.pth"})
    void truncatedAtAnyPointIsRejected(String name) throws IOException {
        byte[] full = Files.readAllBytes(Golden.file(name));
        for (double f : new double[] {0, 0.001, 0.05, 0.25, 0.5, 0.75, 0.9}) {
            int cut = (int) (full.length * f);
            Path p = dir.resolve("cut" + cut + "_" + name);
            Files.write(p, Arrays.copyOf(full, cut));
            assertRejected(p, name + " cut at " + cut + " of " + full.length);
        }
        Path p = dir.resolve("last_" + name);
        Files.write(p, Arrays.copyOf(full, full.length - 1));
        assertRejected(p, name + " without its last byte");
    }

    @Test
    void garbageIsNotAPyTorchFile() throws IOException {
        Path p = dir.resolve("garbage.pth");
        Files.write(p, "this is not a checkpoint".getBytes());
        assertTrue(assertRejected(p, "garbage").getMessage().contains("not a PyTorch file"));
    }

    /** Copies the golden zip, letting {@code edit} drop (null) or replace each record's bytes. */
    private Path rewriteZip(String name, BiFunction<String, byte[], byte[]> edit) throws IOException {
        Path out = dir.resolve("edited_" + name);
        try (ZipFile in = new ZipFile(Golden.file(name).toFile());
             ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            Enumeration<? extends ZipEntry> en = in.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                byte[] data;
                try (InputStream is = in.getInputStream(e)) {
                    data = edit.apply(e.getName(), is.readAllBytes());
                }
                if (data != null) {
                    ZipEntry ne = new ZipEntry(e.getName());
                    ne.setMethod(ZipEntry.STORED);
                    ne.setSize(data.length);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ne.setCrc(crc.getValue());
                    zos.putNextEntry(ne);
                    zos.write(data);
                    zos.closeEntry();
                }
            }
        }
        return out;
    }

    @Test
    void missingStorageRecordIsNamed() throws IOException {
        Path p = rewriteZip("zip_dtypes.pth", (n, d) -> n.endsWith("/data/3") ? null : d);
        assertTrue(assertRejected(p, "missing record").getMessage().contains("data/3' is missing"));
    }

    @Test
    void shortStorageIsNamed() throws IOException {
        Path p = rewriteZip("zip_views.pth", (n, d) -> n.endsWith("/data/0") ? Arrays.copyOf(d, d.length - 4) : d);
        WeightsFormatException e = assertRejected(p, "short storage");
        assertTrue(e.getMessage().contains("needs 96 bytes of storage '0', which has 92"), e.getMessage());
    }

    @Test
    void zipWithoutDataPklIsNotATorchSaveFile() throws IOException {
        Path p = rewriteZip("zip_dtypes.pth", (n, d) -> n.endsWith("data.pkl") ? null : d);
        assertTrue(assertRejected(p, "no data.pkl").getMessage().contains("data.pkl"));
    }

    @Test
    void unknownByteOrderIsRejected() throws IOException {
        Path p = rewriteZip("zip_dtypes.pth", (n, d) -> d);
        // PyTorch 2.x writes a byteorder record; add a bad one
        Path withOrder = dir.resolve("order.pth");
        try (ZipFile in = new ZipFile(p.toFile()); OutputStream os = Files.newOutputStream(withOrder);
             ZipOutputStream zos = new ZipOutputStream(os)) {
            for (ZipEntry e : in.stream().toList()) {
                zos.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(zos);
                }
            }
            zos.putNextEntry(new ZipEntry("zip_dtypes/byteorder"));
            zos.write("middle".getBytes());
        }
        assertTrue(assertRejected(withOrder, "byteorder").getMessage().contains("'middle'"));
    }

    @Test
    void randomByteFlipsNeverEscapeAsAnotherException() throws IOException {
        byte[] full = Files.readAllBytes(Golden.file("legacy_views.pth"));
        Random rnd = new Random(42);
        Path p = dir.resolve("flipped.pth");
        int rejected = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = full.clone();
            int at = rnd.nextInt(b.length);
            b[at] = (byte) rnd.nextInt(256);
            Files.write(p, b);
            try {
                PthReader.load(p);
            } catch (WeightsFormatException e) {
                rejected++;
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            } catch (Exception | Error e) {
                fail("byte " + at + " flipped: " + e, e);
            }
        }
        assertTrue(rejected > 0, "some flips must be detected");
    }
}
