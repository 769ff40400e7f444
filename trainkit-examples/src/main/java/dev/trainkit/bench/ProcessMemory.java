package dev.trainkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status}: current ({@code VmRSS}) and
 * peak ({@code VmHWM}), in MiB, its page-fault count from {@code /proc/self/stat} and its CPU
 * time. Returns -1 where {@code /proc} (or the CPU time) is unavailable.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Current resident set size in MiB. */
    public static double rssMb() {
        return field("VmRSS:");
    }

    /** Peak resident set size in MiB since the process started. */
    public static double peakRssMb() {
        return field("VmHWM:");
    }

    /**
     * Minor page faults of this process so far ({@code minflt} of {@code /proc/self/stat}): each is
     * a first touch of a fresh page, e.g. of a tensor buffer the allocator just got from the kernel.
     */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of the whole process in nanoseconds so far: the sum of {@code /proc/self/task/*}'s
     * {@code schedstat} (nanosecond resolution, and it counts libtorch's OpenMP threads, which the
     * JVM does not know); threads that ended are not counted. Where that is unavailable, the JVM's
     * process CPU time (clock ticks, 10 ms), else -1.
     */
    public static long cpuNanos() {
        long sum = 0;
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String line = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while we listed them
                }
            }
            if (sum > 0) {
                return sum;
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: fall back below
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
