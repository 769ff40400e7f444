package dev.trainkit.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes pickle protocol 2, the protocol {@code torch.save} uses: just the opcodes that
 * {@code torch.load(weights_only=True)} accepts. No memo is written; unpicklers do not need one.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80);
        out.write(2);
    }

    byte[] finish() {
        out.write('.');
        return out.toByteArray();
    }

    void global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    void mark() {
        out.write('(');
    }

    void tupleFromMark() {
        out.write('t');
    }

    void reduce() {
        out.write('R');
    }

    void persistentId() {
        out.write('Q');
    }

    void emptyDict() {
        out.write('}');
    }

    void emptyTuple() {
        out.write(')');
    }

    void setItemsFromMark() {
        out.write('u');
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        le(b.length, 4);
        out.writeBytes(b);
    }

    void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            le(v, 4);
        } else {
            bigInteger(BigInteger.valueOf(v));
        }
    }

    void bigInteger(BigInteger v) {
        byte[] be = v.toByteArray(); // minimal two's complement, as LONG1 wants (little-endian)
        if (be.length > 255) {
            throw new IllegalArgumentException("integer " + v + " has more than 255 bytes; pickle LONG4 is not written");
        }
        out.write(0x8a);
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    void floating(double v) {
        out.write('G');
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (bits >>> (8 * i)));
        }
    }

    void bool(boolean v) {
        out.write(v ? 0x88 : 0x89);
    }

    void none() {
        out.write('N');
    }

    void longTuple(long[] values) {
        if (values.length == 0) {
            emptyTuple();
            return;
        }
        mark();
        for (long v : values) {
            integer(v);
        }
        tupleFromMark();
    }

    /** A list of primitives or nested containers: EMPTY_LIST, MARK, items, APPENDS. */
    void listStart() {
        out.write(']');
        mark();
    }

    void appendsFromMark() {
        out.write('e');
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
