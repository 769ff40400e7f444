package dev.trainkit.amp;

import dev.trainkit.spec.NameSuggester;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training precision with PyTorch Lightning's names ({@code Trainer(precision="bf16-mixed")}):
 * what the model's parameters are stored in, which dtype autocast runs the forward pass in,
 * and whether the loss is scaled with a {@link GradScaler}.
 *
 * <table>
 * <caption>Precisions</caption>
 * <tr><th>name</th><th>parameters</th><th>autocast</th><th>GradScaler</th><th>how to train</th></tr>
 * <tr><td>{@code 32}</td><td>float32</td><td>none</td><td>no</td><td>plain loop</td></tr>
 * <tr><td>{@code bf16-mixed}</td><td>float32</td><td>bfloat16</td><td>no</td><td>{@link #autocast}</td></tr>
 * <tr><td>{@code 16-mixed}</td><td>float32</td><td>float16</td><td>yes</td><td>{@link #autocast} + {@link #newGradScaler()}</td></tr>
 * <tr><td>{@code bf16-true}</td><td>bfloat16</td><td>none</td><td>no</td><td>{@link HalfPrecision} (fp32 master weights)</td></tr>
 * <tr><td>{@code 16-true}</td><td>float16</td><td>none</td><td>yes (on the masters)</td><td>{@link HalfPrecision}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Precision p = Precision.of("16-mixed");              // Trainer(precision="16-mixed")
 * GradScaler scaler = p.newGradScaler();               // disabled unless 16-mixed
 * try (Autocast ac = p.autocast(Device.CPU)) {         // torch.autocast("cpu", torch.float16)
 *     loss = lossFn.forward(model.forward(x), y);
 * }
 * scaler.scale(loss).backward();
 * scaler.step(opt);
 * scaler.update();
 * }</pre>
 *
 * <p>Lightning's {@code "32-true"} and its legacy aliases {@code "16"} (= {@code 16-mixed}) and
 * {@code "bf16"} (= {@code bf16-mixed}) are accepted by {@link #of}. Lightning's {@code 16-true}
 * trains the fp16 parameters directly; TrainKit's {@link HalfPrecision} keeps fp32 master weights
 * and a loss scale, because pure fp16 Adam diverges (its {@code eps=1e-8} is 0 in fp16).
 *
 * <p>{@code "auto"} (not a Lightning name) picks for the hardware: {@code bf16-mixed} where bf16
 * is native (a CPU with {@code avx512_bf16} or {@code amx_bf16}, a CUDA device of compute
 * capability 8.0+), else {@code 32}, and logs why at INFO ({@link HardwareInfo}).
 * {@code Precision.of("auto")} decides for the CPU; {@link #of(String, Device)} for a device.
 */
public enum Precision {
    /** float32 everywhere ({@code "32"}, Lightning's {@code "32-true"}). */
    FP32("32", DType.FLOAT32, null, false),
    /** float32 parameters, bfloat16 autocast ({@code "bf16-mixed"}). */
    BF16_MIXED("bf16-mixed", DType.FLOAT32, DType.BFLOAT16, false),
    /** float32 parameters, float16 autocast and a GradScaler ({@code "16-mixed"}). */
    FP16_MIXED("16-mixed", DType.FLOAT32, DType.FLOAT16, true),
    /** bfloat16 parameters ({@code "bf16-true"}). */
    BF16_TRUE("bf16-true", DType.BFLOAT16, null, false),
    /** float16 parameters ({@code "16-true"}). */
    FP16_TRUE("16-true", DType.FLOAT16, null, true);

    /** The name that picks a precision for the hardware ({@link #auto(Device)}). */
    public static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger("dev.trainkit.amp");

    private final String lightningName;
    private final DType paramDtype;
    private final DType autocastDtype;
    private final boolean gradScaler;

    Precision(String lightningName, DType paramDtype, DType autocastDtype, boolean gradScaler) {
        this.lightningName = lightningName;
        this.paramDtype = paramDtype;
        this.autocastDtype = autocastDtype;
        this.gradScaler = gradScaler;
    }

    /**
     * Parses a Lightning precision name: {@code 32}, {@code bf16-mixed}, {@code 16-mixed},
     * {@code bf16-true}, {@code 16-true} (also {@code 32-true}, {@code 16}, {@code bf16}), or
     * {@code auto}: the choice for the CPU ({@link #auto(Device)}).
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static Precision of(String name) {
        return of(name, Device.CPU);
    }

    /**
     * As {@link #of(String)}, with {@code "auto"} resolved for {@code device}
     * ({@link #auto(Device)}).
     */
    public static Precision of(String name, Device device) {
        Objects.requireNonNull(name, "precision");
        Objects.requireNonNull(device, "device");
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case AUTO: return auto(device);
            case "32-true": return FP32;
            case "16": return FP16_MIXED;
            case "bf16": return BF16_MIXED;
            default:
                for (Precision p : values()) {
                    if (p.lightningName.equals(n)) {
                        return p;
                    }
                }
        }
        List<String> valid = names();
        List<String> all = new ArrayList<>(valid);
        all.add(AUTO);
        throw new IllegalArgumentException("precision: expected one of " + valid + ", got '" + name + "'"
                + NameSuggester.didYouMean(n, all) + "; or 'auto' to pick by hardware");
    }

    /**
     * The precision {@code "auto"} picks on this machine for {@code device}: {@code bf16-mixed}
     * with native bf16, else {@code 32}. Logs the choice and the evidence (CPU flags, libtorch's
     * CPU capability, CUDA compute capability) at INFO on {@code dev.trainkit.amp}.
     */
    public static Precision auto(Device device) {
        HardwareInfo hw = HardwareInfo.detect();
        Precision p = hw.autoPrecision(device);
        LOG.info("precision auto -> {}", hw.autoReason(device));
        return p;
    }

    /** The five names, in order: {@code [32, bf16-mixed, 16-mixed, bf16-true, 16-true]}. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Precision p : values()) {
            out.add(p.lightningName);
        }
        return out;
    }

    /** Lightning's name, e.g. {@code "bf16-mixed"}. */
    public String lightningName() {
        return lightningName;
    }

    /** The dtype of the model's parameters: float32, or bfloat16/float16 for the {@code -true} modes. */
    public DType paramDtype() {
        return paramDtype;
    }

    /** The autocast dtype (bfloat16 or float16) of the {@code -mixed} modes, {@code null} otherwise. */
    public DType autocastDtype() {
        return autocastDtype;
    }

    /** Whether the forward pass runs under autocast ({@code -mixed} modes). */
    public boolean isMixed() {
        return autocastDtype != null;
    }

    /** Whether the parameters themselves are half precision ({@code -true} modes other than 32). */
    public boolean isTrueHalf() {
        return paramDtype != DType.FLOAT32;
    }

    /** Whether the loss is scaled with a {@link GradScaler} (float16 modes only). */
    public boolean usesGradScaler() {
        return gradScaler;
    }

    /**
     * The autocast region for the forward pass: enabled with {@link #autocastDtype()} in the
     * {@code -mixed} modes, a region that changes nothing otherwise.
     */
    public Autocast autocast(Device device) {
        Objects.requireNonNull(device, "device");
        return isMixed() ? Autocast.enable(device, autocastDtype) : Autocast.unchanged(device);
    }

    /** A GradScaler with PyTorch's defaults, enabled only if {@link #usesGradScaler()}. */
    public GradScaler newGradScaler() {
        return new GradScaler(gradScaler);
    }

    @Override
    public String toString() {
        return lightningName;
    }
}
