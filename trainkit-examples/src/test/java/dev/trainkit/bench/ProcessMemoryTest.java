package dev.trainkit.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void touchingFreshMemoryCountsPageFaults() {
        long before = ProcessMemory.minorFaults();
        ByteBuffer b = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1);
        }
        long faults = ProcessMemory.minorFaults() - before;
        // 16,384 pages of 4 KB, or 32 huge pages where the kernel backs the buffer with them
        assertTrue(before >= 0 && faults >= 32, "page faults for 64 MB touched: " + faults);
    }

    @Test
    void cpuTimeAdvancesWithWork() {
        long before = ProcessMemory.cpuNanos();
        double x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += Math.sqrt(i);
        }
        long spent = ProcessMemory.cpuNanos() - before;
        assertTrue(x > 0 && spent > 1_000_000, "CPU ns for 20M square roots: " + spent);
    }
}
