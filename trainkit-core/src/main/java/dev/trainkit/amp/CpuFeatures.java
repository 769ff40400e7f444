package dev.trainkit.amp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The CPU's instruction-set flags as Linux lists them in {@code /proc/cpuinfo}, and what they
 * mean for training precision. Pure Java: no natives, so it can be tested by feeding it a
 * cpuinfo text.
 *
 * <pre>{@code
 * CpuFeatures cpu = CpuFeatures.detect();
 * cpu.bf16Native();       // true with avx512_bf16 or amx_bf16
 * cpu.relevantFlags();    // e.g. [avx, avx2, fma]
 * // PyTorch: torch.backends.cpu.get_cpu_capability() names the kernel level, the flags come
 * // from /proc/cpuinfo as here
 * }</pre>
 *
 * <p>bfloat16 is only fast with hardware support: {@code avx512_bf16} (dot products of bf16
 * pairs, Cooper Lake, Zen 4 and later) or {@code amx_bf16} (AMX tiles, Sapphire Rapids and
 * later). Without them oneDNN and ATen convert bf16 to fp32 in software, and bf16 kernels run
 * many times slower than fp32.
 */
public final class CpuFeatures {
    /** The flags that decide which kernels libtorch runs, in the order they are reported. */
    public static final List<String> RELEVANT = List.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16", "amx_fp16");

    private static final CpuFeatures UNKNOWN = new CpuFeatures(Set.of(), false);

    private final Set<String> flags;
    private final boolean known;

    private CpuFeatures(Set<String> flags, boolean known) {
        this.flags = flags;
        this.known = known;
    }

    /**
     * Parses the text of {@code /proc/cpuinfo}: the first {@code flags} line (x86). A text
     * without one gives features that know nothing ({@link #known()} false, no bf16).
     */
    public static CpuFeatures fromCpuinfo(String cpuinfo) {
        Objects.requireNonNull(cpuinfo, "cpuinfo");
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                Set<String> out = new LinkedHashSet<>();
                for (String f : line.substring(colon + 1).trim().split("\\s+")) {
                    if (!f.isEmpty()) {
                        out.add(f.toLowerCase(Locale.ROOT));
                    }
                }
                return new CpuFeatures(Collections.unmodifiableSet(out), true);
            }
        }
        return UNKNOWN;
    }

    /** Reads {@code /proc/cpuinfo}; on other systems (or if unreadable) the features are unknown. */
    public static CpuFeatures detect() {
        Path p = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(p) ? fromCpuinfo(Files.readString(p)) : UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** Whether a flags line was found. */
    public boolean known() {
        return known;
    }

    /** Whether the CPU lists {@code flag} (lower case, e.g. {@code "avx2"}). */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Native bfloat16 arithmetic: {@code avx512_bf16} or {@code amx_bf16}. */
    public boolean bf16Native() {
        return has("avx512_bf16") || has("amx_bf16");
    }

    /** The flags of {@link #RELEVANT} this CPU has, in that order. */
    public List<String> relevantFlags() {
        List<String> out = new ArrayList<>();
        for (String f : RELEVANT) {
            if (flags.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The native-bf16 flags present ({@code avx512_bf16}, {@code amx_bf16}), for log messages. */
    List<String> bf16Flags() {
        List<String> out = new ArrayList<>();
        for (String f : List.of("avx512_bf16", "amx_bf16")) {
            if (flags.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return known ? String.join(" ", relevantFlags()) : "unknown";
    }
}
