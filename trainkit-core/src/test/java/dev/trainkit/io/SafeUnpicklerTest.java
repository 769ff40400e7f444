package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The restricted unpickler: refusals of unsafe globals, and malformed input. */
class SafeUnpicklerTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"evil_system.pth, posix.system", "evil_eval.pth, __builtin__.eval", "evil_legacy.pth, posix.system"})
    void refusesTorchSavedPicklesThatCallCode(String file, String global) {
        // protocol 2 writes Python 3's builtins under its Python 2 name __builtin__ (fix_imports)
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> PthReader.load(Golden.file(file)));
        assertEquals(global, e.global());
        assertTrue(e.getMessage().contains("refused to load global '" + global + "'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one-line reason");
        // inspect must refuse too: it reads the same pickle
        assertThrows(UnsafePickleException.class, () -> PthReader.inspect(Golden.file(file)));
    }

    @Test
    void refusesGlobalAndStackGlobalOutsideTheAllowList() {
        // GLOBAL 'os system', protocol 2
        byte[] p2 = bytes(0x80, 2, "cos\nsystem\nX", 4, 0, 0, 0, "echo", 0x85, "R.");
        assertEquals("os.system", assertThrows(UnsafePickleException.class, () -> SafeUnpickler.loads(p2)).global());
        // STACK_GLOBAL 'builtins' 'exec', protocol 4
        byte[] p4 = bytes(0x80, 4, 0x8c, 8, "builtins", 0x8c, 4, "exec", 0x93, "N", 0x85, "R.");
        assertEquals("builtins.exec", assertThrows(UnsafePickleException.class, () -> SafeUnpickler.loads(p4)).global());
        // an allowed storage class is a value, never a callable
        byte[] call = bytes(0x80, 2, "ctorch\nFloatStorage\n)R.");
        assertThrows(UnsafePickleException.class, () -> SafeUnpickler.loads(call));
    }

    @Test
    void readsPrimitivesContainersAndMemo() throws Exception {
        // {'a': [1, -2, 70000, 2**70, 1.5, True, None], 'b': ('x', b'\x01')} via MARK/SETITEMS/APPENDS/BINPUT/BINGET
        byte[] p = bytes(0x80, 2, "}q", 0, "(X", 1, 0, 0, 0, "aq", 1, "]q", 2, "(K", 1, "J", 0xfe, 0xff, 0xff, 0xff,
                "J", 0x70, 0x11, 1, 0, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40,
                "G", 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x88, "Ne", "X", 1, 0, 0, 0, "bh", 1, "C", 1, 1, 0x86, "u.");
        Map<?, ?> m = (Map<?, ?>) SafeUnpickler.loads(p);
        assertEquals(List.of(1L, -2L, 70000L, BigInteger.TWO.pow(70), 1.5, true), ((List<?>) m.get("a")).subList(0, 6));
        assertEquals(7, ((List<?>) m.get("a")).size());
        List<?> b = (List<?>) m.get("b");
        assertEquals("a", b.get(0), "BINGET 1 returns the memoized 'a'");
        assertArrayEquals(new byte[] {1}, (byte[]) b.get(1));
    }

    @Test
    void malformedPicklesGiveOneLineReasons() {
        byte[][] bad = {
            bytes(),                                 // empty
            bytes(0x80, 2, "}"),                     // no STOP
            bytes(0x80, 9, "N."),                    // unknown protocol
            bytes(0x80, 2, "s."),                    // SETITEM on an empty stack
            bytes(0x80, 2, "h", 7, "."),             // memo key never stored
            bytes(0x80, 2, "X", 0xff, 0xff, 0xff, 0x7f, "ab"), // forged length
            bytes(0x80, 2, "S'x'\n."),               // protocol-0 text opcode
            bytes(0x80, 2, "(X", 1, 0, 0, 0, "k", "Q."), // persistent id without a loader
        };
        for (byte[] p : bad) {
            WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> SafeUnpickler.loads(p),
                    Arrays.toString(p));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
