package dev.trainkit.io;

import dev.trainkit.tensor.DType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The allow-list of globals a state dict needs, and what calling each one builds. It mirrors
 * {@code torch._weights_only_unpickler._get_allowed_globals} (PyTorch 1.13 and 2.x), minus sparse and
 * complex types that TrainKit's tensors do not have.
 */
final class PickleGlobals {
    /** Storage classes of {@code torch.save}'s persistent ids, by element type. */
    static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("FloatStorage", DType.FLOAT32), Map.entry("DoubleStorage", DType.FLOAT64),
            Map.entry("HalfStorage", DType.FLOAT16), Map.entry("BFloat16Storage", DType.BFLOAT16),
            Map.entry("LongStorage", DType.INT64), Map.entry("IntStorage", DType.INT32),
            Map.entry("ShortStorage", DType.INT16), Map.entry("CharStorage", DType.INT8),
            Map.entry("ByteStorage", DType.UINT8), Map.entry("BoolStorage", DType.BOOL));

    private static final Set<String> CALLABLES = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2", "torch.Size", "torch.device", "_codecs.encode");

    /** Globals that may appear as values (a storage class in a persistent id, a tensor type). */
    private static final Set<String> VALUES = Set.of(
            "torch.Tensor", "torch.nn.parameter.Parameter", "torch.storage.UntypedStorage",
            "torch.UntypedStorage", "torch.storage.TypedStorage", "torch.float32", "torch.float64",
            "torch.float16", "torch.bfloat16", "torch.int64", "torch.int32", "torch.int16", "torch.int8",
            "torch.uint8", "torch.bool");

    private PickleGlobals() {
    }

    /** Resolves {@code module.name}, refusing everything outside the allow-list before it is used. */
    static PyGlobal resolve(String module, String name, String source) throws UnsafePickleException {
        String q = module + "." + name;
        boolean storage = (module.equals("torch") || module.equals("torch.storage")) && STORAGES.containsKey(name);
        if (!storage && !CALLABLES.contains(q) && !VALUES.contains(q)) {
            throw new UnsafePickleException(q, source + ": refused to load global '" + q
                    + "': only the globals a state dict needs are allowed (as torch.load(weights_only=True)),"
                    + " e.g. collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.FloatStorage;"
                    + " nothing was executed");
        }
        return new PyGlobal(module, name);
    }

    /** All allowed names, for messages. */
    static Set<String> allowed() {
        Set<String> s = new TreeSet<>(CALLABLES);
        s.addAll(VALUES);
        STORAGES.keySet().forEach(n -> s.add("torch." + n));
        return s;
    }

    /** The element type of a storage class global, or null if {@code g} is not one. */
    static DType storageDType(Object g) {
        if (g instanceof PyGlobal pg) {
            if (STORAGES.containsKey(pg.name())) {
                return STORAGES.get(pg.name());
            }
            if (pg.name().equals("UntypedStorage")) {
                return DType.UINT8;
            }
        }
        return null;
    }

    /** {@code REDUCE}: what calling an allowed global with {@code args} builds. */
    static Object call(PyGlobal g, List<Object> args, String source) throws WeightsFormatException {
        switch (g.qualified()) {
            case "collections.OrderedDict":
                if (!args.isEmpty()) {
                    throw bad(source, g, "no arguments", args);
                }
                return new LinkedHashMap<Object, Object>();
            case "torch._utils._rebuild_tensor":
            case "torch._utils._rebuild_tensor_v2":
                return rebuildTensor(g, args, source);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                if (args.size() < 2 || !(args.get(0) instanceof StoredTensor t)) {
                    throw bad(source, g, "(tensor, requires_grad, hooks)", args);
                }
                return new StoredTensor(t.storage(), t.offset(), t.size(), t.stride(), Boolean.TRUE.equals(args.get(1)));
            case "torch._tensor._rebuild_from_type_v2":
                // (func, type, args, state): the tensor type is Tensor or Parameter here; the state is
                // the subclass __dict__, which a plain tensor does not use
                if (args.size() != 4 || !(args.get(0) instanceof PyGlobal f) || !(args.get(2) instanceof List<?> a)) {
                    throw bad(source, g, "(func, type, args, state)", args);
                }
                return call(f, new ArrayList<>(a), source);
            case "torch.Size":
                if (args.size() != 1 || !(args.get(0) instanceof List<?>)) {
                    throw bad(source, g, "(tuple,)", args);
                }
                return args.get(0);
            case "torch.device":
                if (args.isEmpty() || !(args.get(0) instanceof String)) {
                    throw bad(source, g, "('cpu',) or ('cuda', index)", args);
                }
                return args.size() == 1 ? args.get(0) : args.get(0) + ":" + args.get(1);
            case "_codecs.encode":
                // protocol 2 pickles bytes as _codecs.encode(text, 'latin1')
                if (args.size() != 2 || !(args.get(0) instanceof String s) || !(args.get(1) instanceof String enc)) {
                    throw bad(source, g, "(str, encoding)", args);
                }
                return s.getBytes(enc.equalsIgnoreCase("latin1") || enc.equalsIgnoreCase("latin-1")
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            default:
                throw new UnsafePickleException(g.qualified(), source + ": the pickle calls '" + g.qualified()
                        + "', which is allowed only as a value, not as a function; nothing was executed");
        }
    }

    private static StoredTensor rebuildTensor(PyGlobal g, List<Object> args, String source)
            throws WeightsFormatException {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage)
                || !(args.get(2) instanceof List<?> size) || !(args.get(3) instanceof List<?> stride)) {
            throw bad(source, g, "(storage, storage_offset, size, stride, ...)", args);
        }
        if (size.size() != stride.size()) {
            throw new WeightsFormatException(source + ": " + g + " got size " + size + " and stride " + stride
                    + " of different lengths");
        }
        long[] sz = longs(size, source, "size");
        long[] st = longs(stride, source, "stride");
        long offset = toLong(args.get(1), source, "storage_offset");
        for (int i = 0; i < sz.length; i++) {
            if (sz[i] < 0 || st[i] < 0) {
                throw new WeightsFormatException(source + ": tensor with size " + size + " and stride " + stride
                        + ": negative sizes or strides are invalid");
            }
        }
        if (offset < 0) {
            throw new WeightsFormatException(source + ": negative storage offset " + offset);
        }
        boolean requiresGrad = args.size() > 4 && Boolean.TRUE.equals(args.get(4));
        return new StoredTensor(storage, offset, sz, st, requiresGrad);
    }

    private static long[] longs(List<?> l, String source, String what) throws WeightsFormatException {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(l.get(i), source, what);
        }
        return out;
    }

    static long toLong(Object o, String source, String what) throws WeightsFormatException {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new WeightsFormatException(source + ": expected an integer " + what + ", got " + PickleGlobals.describe(o));
    }

    private static WeightsFormatException bad(String source, PyGlobal g, String expected, List<Object> args) {
        List<String> got = args.stream().map(PickleGlobals::describe).toList();
        return new WeightsFormatException(source + ": " + g + " expects " + expected + ", got " + got);
    }

    /** A short description of a pickled value for messages. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (o instanceof Long || o instanceof Double || o instanceof Boolean || o instanceof BigInteger
                || o instanceof PyGlobal) {
            return o.toString();
        }
        if (o instanceof StoredTensor t) {
            return "tensor " + t.info();
        }
        return o.getClass().getSimpleName();
    }
}
