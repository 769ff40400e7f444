package dev.trainkit.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted pickle reader (protocols 2 to 5) that interprets exactly the opcodes and globals a
 * {@code torch.save}d state dict uses, like {@code torch.load(f, weights_only=True)}. It never
 * executes anything: globals outside the allow-list ({@code posix.system}, {@code builtins.eval},
 * any class) raise {@link UnsafePickleException} as soon as the pickle names them.
 *
 * <p>Python values become Java ones: {@code dict}/{@code OrderedDict} a {@link LinkedHashMap}
 * (insertion order kept; an {@code OrderedDict}'s {@code _metadata} attribute is dropped),
 * {@code list} an {@link ArrayList}, {@code tuple} an unmodifiable {@link List}, {@code int} a
 * {@link Long} (a {@link BigInteger} beyond 64 bits), {@code float} a {@link Double}, {@code str} a
 * {@link String}, {@code bytes} a {@code byte[]}, {@code None} {@code null}.
 *
 * <pre>{@code
 * Object o = SafeUnpickler.loads(bytes);   // pickle.loads(bytes), restricted to safe globals
 * }</pre>
 * Tensors need their storages: use {@link PthReader}.
 */
public final class SafeUnpickler {
    /** Resolves a persistent id ({@code BINPERSID}) to the object it stands for. */
    interface PersistentLoader {
        Object load(List<Object> pid) throws IOException;
    }

    private final InputStream in;
    private final String source;
    private final PersistentLoader persistent;
    private final Map<Long, Object> memo = new HashMap<>();
    private final Deque<List<Object>> metastack = new ArrayDeque<>();
    private List<Object> stack = new ArrayList<>();
    private long pos;

    SafeUnpickler(InputStream in, String source, PersistentLoader persistent) {
        this.in = in;
        this.source = source;
        this.persistent = persistent;
    }

    /**
     * Reads one pickle from {@code data}; persistent ids (tensor storages) are refused.
     *
     * @throws UnsafePickleException if the pickle names a global outside the allow-list
     * @throws WeightsFormatException if the pickle is truncated or malformed
     */
    public static Object loads(byte[] data) throws IOException {
        return new SafeUnpickler(new ByteArrayInputStream(data), "pickle", pid -> {
            throw new WeightsFormatException("pickle: persistent id " + pid + " needs a storage loader; use PthReader");
        }).load();
    }

    /** Reads one pickle up to and including its {@code STOP} opcode, and no further. */
    Object load() throws IOException {
        while (true) {
            long at = pos;
            int op = readByte();
            try {
                if (op == '.') {
                    if (stack.size() != 1 || !metastack.isEmpty()) {
                        throw corrupt(at, "STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                dispatch(op, at);
            } catch (IndexOutOfBoundsException | ClassCastException | ArithmeticException e) {
                throw corrupt(at, "malformed data for opcode 0x" + Integer.toHexString(op) + " (" + e.getMessage() + ")");
            }
        }
    }

    private void dispatch(int op, long at) throws IOException {
        switch (op) {
            case 0x80 -> { // PROTO
                int p = readByte();
                if (p < 2 || p > 5) {
                    throw corrupt(at, "pickle protocol " + p + " is not supported (expected 2 to 5)");
                }
            }
            case 0x95 -> readLong8(); // FRAME: only a read-ahead hint
            case '(' -> {
                metastack.push(stack);
                stack = new ArrayList<>();
            }
            case '}' -> stack.add(new LinkedHashMap<Object, Object>());
            case ']' -> stack.add(new ArrayList<Object>());
            case ')' -> stack.add(Collections.emptyList());
            case 'N' -> stack.add(null);
            case 0x88 -> stack.add(Boolean.TRUE);
            case 0x89 -> stack.add(Boolean.FALSE);
            case 'K' -> stack.add((long) readByte());
            case 'M' -> stack.add((long) (readByte() | readByte() << 8));
            case 'J' -> stack.add((long) (int) readLE(4));
            case 0x8a -> stack.add(readLong(readByte(), at)); // LONG1
            case 0x8b -> stack.add(readLong(checkLength(readLE(4), at), at)); // LONG4
            case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(readLE(8))));
            case 'X' -> stack.add(readString(readLE(4), at));
            case 0x8c -> stack.add(readString(readByte(), at));
            case 0x8d -> stack.add(readString(readLong8(), at));
            case 'T' -> stack.add(new String(readBytes((int) readLE(4), at), StandardCharsets.ISO_8859_1));
            case 'U' -> stack.add(new String(readBytes(readByte(), at), StandardCharsets.ISO_8859_1));
            case 'B' -> stack.add(readBytes(checkLength(readLE(4), at), at));
            case 'C' -> stack.add(readBytes(readByte(), at));
            case 0x8e -> stack.add(readBytes(checkLength(readLong8(), at), at));
            case 0x85 -> stack.add(tuple(pop()));
            case 0x86 -> {
                Object b = pop();
                stack.add(tuple(pop(), b));
            }
            case 0x87 -> {
                Object c = pop();
                Object b = pop();
                stack.add(tuple(pop(), b, c));
            }
            // popMark replaces this.stack, so it must run before stack.add picks its receiver
            case 't' -> push(Collections.unmodifiableList(popMark(at)));
            case 'l' -> push(popMark(at));
            case 'd' -> push(setItems(new LinkedHashMap<>(), popMark(at), at));
            case 'q' -> memo.put((long) readByte(), peek(at));
            case 'r' -> memo.put(readLE(4) & 0xffffffffL, peek(at));
            case 0x94 -> memo.put((long) memo.size(), peek(at));
            case 'h' -> stack.add(memoGet(readByte(), at));
            case 'j' -> stack.add(memoGet(readLE(4) & 0xffffffffL, at));
            case '0' -> pop();
            case '1' -> popMark(at);
            case '2' -> stack.add(peek(at));
            case 's' -> {
                Object v = pop();
                Object k = pop();
                dict(peek(at), at).put(k, v);
            }
            case 'u' -> {
                List<Object> items = popMark(at);
                setItems(dict(peek(at), at), items, at);
            }
            case 'a' -> {
                Object v = pop();
                list(peek(at), at).add(v);
            }
            case 'e' -> {
                List<Object> items = popMark(at);
                list(peek(at), at).addAll(items);
            }
            case 'c' -> stack.add(PickleGlobals.resolve(readLine(at), readLine(at), source));
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw corrupt(at, "STACK_GLOBAL expects two strings");
                }
                stack.add(PickleGlobals.resolve(m, n, source));
            }
            case 'R' -> {
                Object args = pop();
                Object f = pop();
                stack.add(PickleGlobals.call(callable(f, at), asArgs(args, at), source));
            }
            case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args); only OrderedDict is a class we build
                Object args = pop();
                Object cls = pop();
                stack.add(PickleGlobals.call(callable(cls, at), asArgs(args, at), source));
            }
            case 'b' -> build(pop(), at);
            case 'Q' -> {
                Object pid = pop();
                if (!(pid instanceof List<?> l)) {
                    throw corrupt(at, "persistent id must be a tuple, got " + PickleGlobals.describe(pid));
                }
                stack.add(persistent.load(new ArrayList<>(l)));
            }
            default -> throw corrupt(at, "unsupported or invalid pickle opcode 0x" + Integer.toHexString(op)
                    + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
        }
    }

    private void build(Object state, long at) throws WeightsFormatException {
        Object target = peek(at);
        // BUILD sets attributes: an OrderedDict's _metadata (module versions) and a rebuilt tensor's
        // empty __dict__ carry nothing a state dict needs, so they are dropped
        if (!(target instanceof Map) && !(target instanceof StoredTensor)) {
            throw new UnsafePickleException("BUILD", source + ": refused to set state on "
                    + PickleGlobals.describe(target) + ": only dicts and tensors may carry state");
        }
    }

    private PyGlobal callable(Object f, long at) throws WeightsFormatException {
        if (!(f instanceof PyGlobal g)) {
            throw corrupt(at, "REDUCE on " + PickleGlobals.describe(f) + ", which is not a global");
        }
        return g;
    }

    private List<Object> asArgs(Object args, long at) throws WeightsFormatException {
        if (!(args instanceof List<?> l)) {
            throw corrupt(at, "call arguments must be a tuple, got " + PickleGlobals.describe(args));
        }
        return new ArrayList<>(l);
    }

    private static List<Object> tuple(Object... items) {
        List<Object> l = new ArrayList<>(items.length);
        Collections.addAll(l, items);
        return Collections.unmodifiableList(l);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, long at) throws WeightsFormatException {
        if (!(o instanceof LinkedHashMap)) {
            throw corrupt(at, "SETITEM on " + PickleGlobals.describe(o) + ", which is not a dict");
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, long at) throws WeightsFormatException {
        if (!(o instanceof ArrayList)) {
            throw corrupt(at, "APPEND on " + PickleGlobals.describe(o) + ", which is not a list");
        }
        return (List<Object>) o;
    }

    private Map<Object, Object> setItems(Map<Object, Object> d, List<Object> items, long at)
            throws WeightsFormatException {
        if (items.size() % 2 != 0) {
            throw corrupt(at, "SETITEMS with an odd number of values");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(items.get(i), items.get(i + 1));
        }
        return d;
    }

    private Object memoGet(long key, long at) throws WeightsFormatException {
        if (!memo.containsKey(key)) {
            throw corrupt(at, "memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new IndexOutOfBoundsException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(long at) throws WeightsFormatException {
        if (stack.isEmpty()) {
            throw corrupt(at, "stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(long at) throws WeightsFormatException {
        if (metastack.isEmpty()) {
            throw corrupt(at, "no MARK to pop to");
        }
        List<Object> items = stack;
        stack = metastack.pop();
        return items;
    }

    // ---------------------------------------------------------------- raw reads

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new WeightsFormatException(source + ": pickle is truncated at byte " + pos
                    + " (no STOP opcode); the file is incomplete", new EOFException());
        }
        pos++;
        return b;
    }

    private long readLE(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) readByte() << (8 * i);
        }
        return v;
    }

    private long readLong8() throws IOException {
        return readLE(8);
    }

    private int checkLength(long n, long at) throws WeightsFormatException {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw corrupt(at, "length " + n + " is out of range");
        }
        return (int) n;
    }

    private byte[] readBytes(int n, long at) throws IOException {
        if (n < 0) {
            throw corrupt(at, "negative length " + n);
        }
        byte[] b = in.readNBytes(n); // grows as data arrives, so a forged length cannot allocate gigabytes
        pos += b.length;
        if (b.length != n) {
            throw new WeightsFormatException(source + ": pickle is truncated: expected " + n + " bytes at byte " + at
                    + ", got " + b.length);
        }
        return b;
    }

    private String readString(long n, long at) throws IOException {
        return new String(readBytes(checkLength(n, at), at), StandardCharsets.UTF_8);
    }

    private Object readLong(int n, long at) throws IOException {
        if (n == 0) {
            return 0L;
        }
        byte[] le = readBytes(n, at);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG1/LONG4
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String readLine(long at) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = readByte(); b != '\n'; b = readByte()) {
            if (sb.length() > 1000) {
                throw corrupt(at, "GLOBAL name longer than 1000 characters");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private WeightsFormatException corrupt(long at, String why) {
        return new WeightsFormatException(source + ": corrupt pickle at byte " + at + ": " + why);
    }
}
