package dev.trainkit.bench;

import dev.trainkit.amp.CpuFeatures;
import dev.trainkit.amp.HardwareInfo;
import dev.trainkit.tensor.NativeEnvironment;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.global.torch;

/**
 * What libtorch runs on here: its version, the CPU kernel level it dispatches to, oneDNN
 * (mkldnn) availability and version, and its threads; the context of every benchmark number.
 *
 * <pre>{@code
 * LibtorchConfig.describe().get("cpu_capability");   // torch.backends.cpu.get_cpu_capability()
 * }</pre>
 */
public final class LibtorchConfig {
    private LibtorchConfig() {
    }

    /**
     * {@code libtorch}, {@code cpu_capability} (e.g. AVX2, AVX512), {@code mkldnn}
     * ({@code torch.backends.mkldnn.is_available()}), {@code mkldnn_version}, {@code threads},
     * {@code interop_threads}, {@code cpu_flags} (which of the vector, avx512_bf16 and amx_* flags /proc/cpuinfo lists:
     * avx512_bf16/amx_bf16 make bfloat16 fast) and {@code native_env} (the {@link NativeEnvironment} variables set).
     */
    public static Map<String, Object> describe() {
        NativeInterop.ensureLoaded();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("libtorch", Torch.version());
        out.put("cpu_capability", HardwareInfo.detect().cpuCapability());
        out.put("mkldnn", torch.hasMKLDNN());
        out.put("mkldnn_version", torch.get_mkldnn_version().getString());
        out.put("threads", Torch.numThreads());
        out.put("interop_threads", torch.get_num_interop_threads());
        out.put("cpu_flags", cpuFlags());
        out.put("native_env", NativeEnvironment.describe());
        return out;
    }

    /** The CPU flags that decide bf16 and vector speed ({@link CpuFeatures#RELEVANT}), "unknown" without cpuinfo. */
    private static String cpuFlags() {
        CpuFeatures cpu = HardwareInfo.detect().cpu();
        return cpu.known() ? String.join(" ", cpu.relevantFlags()) : "unknown";
    }
}
