package dev.trainkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status}: current ({@code VmRSS}) and
 * peak ({@code VmHWM}), in MiB. Returns -1 where {@code /proc} is unavailable.
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
