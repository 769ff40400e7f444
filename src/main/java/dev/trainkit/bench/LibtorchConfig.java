package dev.trainkit.bench;

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
     * {@code interop_threads} and {@code cpu_flags} (which of avx512f, avx512_bf16 and amx_* /proc/cpuinfo lists,
     * the hardware that makes bfloat16 fast; "none" if none).
     */
    public static Map<String, Object> describe() {
        NativeInterop.ensureLoaded();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("libtorch", Torch.version());
        out.put("cpu_capability", torch.get_cpu_capability().getString());
        out.put("mkldnn", torch.hasMKLDNN());
        out.put("mkldnn_version", torch.get_mkldnn_version().getString());
        out.put("threads", Torch.numThreads());
        out.put("interop_threads", torch.get_num_interop_threads());
        out.put("cpu_flags", cpuFlags());
        return out;
    }

    private static String cpuFlags() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    StringBuilder sb = new StringBuilder();
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (f.equals("avx512_bf16") || f.startsWith("amx") || f.equals("avx512f")) {
                            sb.append(sb.length() == 0 ? "" : " ").append(f);
                        }
                    }
                    return sb.length() == 0 ? "none" : sb.toString();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
