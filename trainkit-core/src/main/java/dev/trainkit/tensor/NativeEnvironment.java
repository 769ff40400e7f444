package dev.trainkit.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables that libtorch's native libraries read once, when they load, and that
 * change a training step's speed or memory. A JVM cannot change its own environment, so these
 * must be set before the JVM starts: the {@code trainkit} command sets its measured defaults
 * (docs/PERFORMANCE.md); a program using the API sets them in its own launcher. Every benchmark
 * reports them next to its figures, since the same step can take 1.6× as long without them.
 *
 * <ul>
 *   <li>{@code OPENBLAS_THREAD_TIMEOUT}: how long OpenBLAS's worker threads spin (2^n cycles)
 *       before they sleep; spinning workers take cores from libtorch's OpenMP threads.</li>
 *   <li>{@code OPENBLAS_NUM_THREADS}, {@code OMP_NUM_THREADS}: thread counts of OpenBLAS and of
 *       libtorch's OpenMP pool.</li>
 *   <li>{@code OMP_WAIT_POLICY}, {@code GOMP_SPINCOUNT}: whether idle OpenMP threads spin or sleep.</li>
 *   <li>{@code MALLOC_ARENA_MAX}, {@code GLIBC_TUNABLES}: the C allocator's arenas and when it
 *       returns freed memory to the kernel (memory given back is page-faulted in again next step).</li>
 *   <li>{@code THP_MEM_ALLOC_ENABLE}: libtorch's transparent-huge-page tensor buffers.</li>
 * </ul>
 *
 * <pre>{@code
 * NativeEnvironment.current().get("OPENBLAS_THREAD_TIMEOUT");   // "4" under ./trainkit, null if unset
 * }</pre>
 */
public final class NativeEnvironment {
    /** The variables reported, in the order above. */
    public static final List<String> VARIABLES = List.of("OPENBLAS_THREAD_TIMEOUT", "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES",
            "THP_MEM_ALLOC_ENABLE");

    private NativeEnvironment() {
    }

    /** Each of {@link #VARIABLES} to its value in this process's environment, or to {@code null} if unset. */
    public static Map<String, String> current() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : VARIABLES) {
            out.put(name, System.getenv(name));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The variables that are set, as {@code NAME=value} separated by spaces; "none set" if none is. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        current().forEach((k, v) -> {
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return sb.length() == 0 ? "none set" : sb.toString();
    }
}
