package dev.trainkit.train;

import dev.trainkit.tensor.DType;
import java.util.List;

/**
 * The trainer's numeric precision, with Lightning's names: {@code 32} (float32),
 * {@code bf16-mixed} (float32 weights, forward under bf16 autocast) and {@code bf16-true}
 * (weights and inputs in bf16). {@code 16-mixed} and {@code 16-true} need a GradScaler, which
 * the trainer does not use yet, and are refused with a message saying so.
 *
 * <pre>{@code
 * PrecisionMode.of("bf16-mixed").autocastDtype();   // BFLOAT16; Trainer(precision="bf16-mixed")
 * }</pre>
 */
public enum PrecisionMode {
    /** float32 everywhere. */
    FP32("32"),
    /** float32 weights, bf16 autocast in the forward pass. */
    BF16_MIXED("bf16-mixed"),
    /** Weights and inputs cast to bf16. */
    BF16_TRUE("bf16-true");

    private static final List<String> VALID = List.of("32", "bf16-mixed", "bf16-true");
    private final String label;

    PrecisionMode(String label) {
        this.label = label;
    }

    /** Lightning's name, e.g. {@code bf16-mixed}. */
    public String label() {
        return label;
    }

    /** The autocast dtype, or null when autocast is off. */
    public DType autocastDtype() {
        return this == BF16_MIXED ? DType.BFLOAT16 : null;
    }

    /** The dtype of weights and inputs. */
    public DType weightDtype() {
        return this == BF16_TRUE ? DType.BFLOAT16 : DType.FLOAT32;
    }

    /** Parses a precision name; also accepts {@code 32-true}, {@code bf16}. */
    public static PrecisionMode of(String name) {
        String n = name == null ? "" : name.trim();
        switch (n) {
            case "32", "32-true", "fp32" -> {
                return FP32;
            }
            case "bf16-mixed", "bf16" -> {
                return BF16_MIXED;
            }
            case "bf16-true" -> {
                return BF16_TRUE;
            }
            case "16-mixed", "16", "16-true" -> throw new IllegalArgumentException("precision '" + n
                    + "' needs a GradScaler (dev.trainkit.amp, not wired into the trainer yet); use one of " + VALID);
            default -> throw new IllegalArgumentException("precision: expected one of " + VALID + ", got '" + name + "'");
        }
    }
}
