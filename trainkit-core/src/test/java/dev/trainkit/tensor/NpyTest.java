package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npy against files written by NumPy (tools/golden/gen_npy.py) and round trips. */
class NpyTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/golden/npy/" + name).toURI());
    }

    @Test
    void readsNumpyFiles() throws Exception {
        Tensor f4 = Npy.load(fixture("f4_2x3.npy"));
        assertEquals(DType.FLOAT32, f4.dtype());
        assertArrayEquals(new long[] {2, 3}, f4.shape());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, f4.toFloatArray());
        assertArrayEquals(f4.toFloatArray(), Npy.load(fixture("f4_2x3_v2.npy")).toFloatArray());
        Tensor f8 = Npy.load(fixture("f8_4.npy"));
        assertEquals(DType.FLOAT64, f8.dtype());
        assertArrayEquals(new double[] {1.5, -2.25, 1e-300, 3.0}, f8.toDoubleArray());
        Tensor i8 = Npy.load(fixture("i8_2x2.npy"));
        assertEquals(DType.INT64, i8.dtype());
        assertArrayEquals(new long[] {1, -2, 3, 1L << 40}, i8.toLongArray());
        Tensor i4 = Npy.load(fixture("i4_3.npy"));
        assertEquals(DType.INT32, i4.dtype());
        assertArrayEquals(new long[] {7, -8, 9}, i4.toLongArray());
        Tensor b1 = Npy.load(fixture("b1_3.npy"));
        assertEquals(DType.BOOL, b1.dtype());
        assertArrayEquals(new long[] {1, 0, 1}, b1.toLongArray());
        Tensor u1 = Npy.load(fixture("u1_2.npy"));
        assertEquals(DType.UINT8, u1.dtype());
        assertArrayEquals(new long[] {0, 255}, u1.toLongArray());
        Tensor scalar = Npy.load(fixture("f4_scalar.npy"));
        assertEquals(0, scalar.dim());
        assertEquals(2.5, scalar.item());
    }

    @Test
    void refusesFortranOrderAndBigEndian() {
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> Npy.load(fixture("fortran.npy")));
        assertTrue(f.getMessage().contains("fortran_order=True is not supported"), f.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> Npy.load(fixture("bigendian.npy")));
        assertTrue(b.getMessage().contains("big-endian dtype '>f4'"), b.getMessage());
    }

    @Test
    void refusesNonNpyAndTruncated() throws Exception {
        Path junk = tmp.resolve("junk.npy");
        Files.writeString(junk, "hello world, not numpy");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.load(junk)).getMessage()
                .contains("not a NumPy .npy file"));
        byte[] good = Files.readAllBytes(fixture("f8_4.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.load(cut)).getMessage()
                .contains("data bytes"));
    }

    @Test
    void roundTripsEverySupportedDtype() throws IOException {
        Tensor[] ts = {
            Torch.tensor(new float[] {1, -2, 3.5f, 4, 5, 6}, 3, 2),
            Torch.tensor(new double[] {Math.PI, -1e-200}, 2),
            Torch.tensor(new long[] {Long.MAX_VALUE, -1}, 2, 1),
            Torch.tensor(new int[] {1, 2, 3}, 3),
            Torch.tensor(new boolean[] {true, false}, 2),
            Torch.tensor(new long[] {0, 200}, 2).to(DType.UINT8),
            Torch.scalar(7.0),
            Torch.zeros(0, 3),
        };
        for (int i = 0; i < ts.length; i++) {
            Path p = tmp.resolve("t" + i + ".npy");
            Npy.save(p, ts[i]);
            byte[] bytes = Files.readAllBytes(p);
            int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLen) % 64, "header aligned to 64 bytes as NumPy writes it");
            assertEquals('\n', bytes[10 + headerLen - 1]);
            Tensor back = Npy.load(p);
            assertEquals(ts[i].dtype(), back.dtype());
            assertArrayEquals(ts[i].shape(), back.shape());
            assertTrue(ts[i].equal(back), "round trip of " + ts[i].describe());
        }
        String header = new String(Files.readAllBytes(tmp.resolve("t0.npy")), 10, 60, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"), header);
    }

    @Test
    void saveIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path p = tmp.resolve("x.npy");
        Npy.save(p, Torch.ones(2, 2));
        Npy.save(p, Torch.zeros(3));
        assertArrayEquals(new float[] {0, 0, 0}, Npy.load(p).toFloatArray());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "only the final file remains");
        }
        assertThrows(IllegalArgumentException.class, () -> Npy.save(tmp.resolve("h.npy"),
                Torch.ones(2).to(DType.FLOAT16)));
    }
}
