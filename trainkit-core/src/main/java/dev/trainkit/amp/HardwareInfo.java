package dev.trainkit.amp;

import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import java.util.Objects;
import org.bytedeco.pytorch.global.torch;

/**
 * What the machine offers for training precision: libtorch's CPU kernel level
 * ({@code torch.backends.cpu.get_cpu_capability()}, e.g. {@code AVX2}, {@code AVX512}), the CPU
 * flags ({@link CpuFeatures}) and whether a CUDA device computes in bfloat16 natively; and from
 * that the choice of {@code --precision auto}.
 *
 * <pre>{@code
 * HardwareInfo hw = HardwareInfo.detect();
 * Precision p = hw.autoPrecision(Device.CPU);   // BF16_MIXED with avx512_bf16/amx_bf16, else FP32
 * String why = hw.autoReason(Device.CPU);       // "CPU has no native bf16 (flags: avx avx2 fma) ..."
 * // PyTorch has no "auto"; Lightning users choose by hand after checking
 * // torch.cuda.is_bf16_supported() or the CPU flags
 * }</pre>
 *
 * <p>The rule: {@code bf16-mixed} where bf16 is native (CPU: {@code avx512_bf16} or
 * {@code amx_bf16}; CUDA: compute capability 8.0 or newer, as {@code torch.cuda.is_bf16_supported()}
 * without emulation), else {@code 32}. {@code 16-mixed} is never chosen: it needs a loss scale and
 * is no faster than bf16 where both are native. Without native support bf16 is emulated: on an
 * AVX2-only CPU libtorch's bf16 convolutions measured 25x slower than fp32 (docs/BENCHMARKS.md).
 */
public final class HardwareInfo {
    private static volatile HardwareInfo detected;

    private final String cpuCapability;
    private final CpuFeatures cpu;
    private final int cudaMajor;

    /**
     * @param cpuCapability libtorch's CPU capability ({@code DEFAULT}, {@code AVX2}, {@code AVX512}, ...)
     * @param cpu the CPU flags
     * @param cudaMajor the compute capability major version of CUDA device 0, or -1 without CUDA
     */
    public HardwareInfo(String cpuCapability, CpuFeatures cpu, int cudaMajor) {
        this.cpuCapability = Objects.requireNonNull(cpuCapability, "cpuCapability");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.cudaMajor = cudaMajor;
    }

    /** This machine, detected once per process (cpuinfo, libtorch, CUDA device 0). */
    public static HardwareInfo detect() {
        HardwareInfo h = detected;
        if (h == null) {
            NativeInterop.ensureLoaded();
            h = new HardwareInfo(torch.get_cpu_capability().getString(), CpuFeatures.detect(), detectCudaMajor());
            detected = h;
        }
        return h;
    }

    /** libtorch's CPU capability, as {@code torch.backends.cpu.get_cpu_capability()}. */
    public String cpuCapability() {
        return cpuCapability;
    }

    /** The CPU flags. */
    public CpuFeatures cpu() {
        return cpu;
    }

    /** CUDA device 0's compute capability major version, -1 without CUDA (or when it cannot be read). */
    public int cudaMajor() {
        return cudaMajor;
    }

    /** Whether {@code device} computes in bfloat16 natively. */
    public boolean bf16Native(Device device) {
        Objects.requireNonNull(device, "device");
        return device.isCuda() ? cudaMajor >= 8 : cpu.bf16Native();
    }

    /** {@code bf16-mixed} where {@code device} has native bf16, else {@code 32}. */
    public Precision autoPrecision(Device device) {
        return bf16Native(device) ? Precision.BF16_MIXED : Precision.FP32;
    }

    /** One sentence saying why {@link #autoPrecision} chose what it chose, naming the evidence. */
    public String autoReason(Device device) {
        Precision p = autoPrecision(device);
        if (device.isCuda()) {
            String cc = cudaMajor < 0 ? "unknown compute capability" : "compute capability " + cudaMajor + ".x";
            return p.lightningName() + ": " + device + " has " + cc
                    + (p == Precision.BF16_MIXED ? " (native bf16 from 8.0)" : ", native bf16 needs 8.0 or newer");
        }
        if (p == Precision.BF16_MIXED) {
            return p.lightningName() + ": the CPU has native bf16 (" + String.join(" ", cpu.bf16Flags())
                    + "; libtorch capability " + cpuCapability + ")";
        }
        return p.lightningName() + ": the CPU has no native bf16 (no avx512_bf16 or amx_bf16; flags: " + cpu
                + "; libtorch capability " + cpuCapability + "), where bf16 is emulated and much slower than fp32";
    }

    /** CUDA device 0's major compute capability through the cuda presets, present only with the cuda profile. */
    private static int detectCudaMajor() {
        try {
            if (!torch.cuda_is_available()) {
                return -1;
            }
            // torch_cuda and cudart exist only in the cuda build; reflection keeps the CPU build compiling.
            Class<?> c = Class.forName("org.bytedeco.pytorch.global.torch_cuda");
            Object props = c.getMethod("getDeviceProperties", byte.class).invoke(null, (byte) 0);
            return ((Number) props.getClass().getMethod("major").invoke(props)).intValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "HardwareInfo[cpu_capability=" + cpuCapability + ", flags=" + cpu + ", cuda_major=" + cudaMajor + "]";
    }
}
