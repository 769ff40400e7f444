package dev.trainkit.tensor;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Element types of tensors, with PyTorch's names ({@code torch.float32}, {@code torch.bfloat16}, ...).
 *
 * <pre>{@code
 * Tensor h = x.to(DType.BFLOAT16);      // x.to(torch.bfloat16)
 * DType d = DType.of("float32");        // also "float", "half", "long", "int64"
 * }</pre>
 */
public enum DType {
    FLOAT32("float32", ScalarType.Float, 4, true),
    FLOAT64("float64", ScalarType.Double, 8, true),
    FLOAT16("float16", ScalarType.Half, 2, true),
    BFLOAT16("bfloat16", ScalarType.BFloat16, 2, true),
    INT8("int8", ScalarType.Char, 1, false),
    INT16("int16", ScalarType.Short, 2, false),
    INT32("int32", ScalarType.Int, 4, false),
    INT64("int64", ScalarType.Long, 8, false),
    UINT8("uint8", ScalarType.Byte, 1, false),
    BOOL("bool", ScalarType.Bool, 1, false);

    private final String pyName;
    private final ScalarType scalarType;
    private final int itemSize;
    private final boolean floatingPoint;

    DType(String pyName, ScalarType scalarType, int itemSize, boolean floatingPoint) {
        this.pyName = pyName;
        this.scalarType = scalarType;
        this.itemSize = itemSize;
        this.floatingPoint = floatingPoint;
    }

    /** PyTorch's name without the {@code torch.} prefix, e.g. {@code "float32"}. */
    public String pyName() {
        return pyName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** Whether this is a floating-point type ({@code torch.is_floating_point}). */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    ScalarType scalarType() {
        return scalarType;
    }

    static DType of(ScalarType st) {
        for (DType d : values()) {
            if (d.scalarType.value == st.value) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported libtorch scalar type: " + st);
    }

    /**
     * Parses a PyTorch dtype name: {@code float32}/{@code float}, {@code float64}/{@code double},
     * {@code float16}/{@code half}, {@code bfloat16}, {@code int8}, {@code int16}/{@code short},
     * {@code int32}/{@code int}, {@code int64}/{@code long}, {@code uint8}, {@code bool}; an optional
     * {@code torch.} prefix is allowed.
     *
     * @throws IllegalArgumentException naming the valid names if {@code name} is unknown
     */
    public static DType of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("torch.")) {
            n = n.substring(6);
        }
        switch (n) {
            case "float": return FLOAT32;
            case "double": return FLOAT64;
            case "half": return FLOAT16;
            case "short": return INT16;
            case "int": return INT32;
            case "long": return INT64;
            default:
                for (DType d : values()) {
                    if (d.pyName.equals(n)) {
                        return d;
                    }
                }
        }
        throw new IllegalArgumentException("dtype: expected one of "
                + Arrays.stream(values()).map(DType::pyName).toList() + ", got '" + name + "'");
    }

    @Override
    public String toString() {
        return pyName;
    }
}
