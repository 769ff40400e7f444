package dev.trainkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrobenchmarksTest {

    @Test
    void trainingLoopKeepsTheNativeObjectCountFlat() {
        Map<String, Object> r = Microbenchmarks.trainingLoopMemory(40);
        @SuppressWarnings("unchecked")
        List<Long> objects = (List<Long>) r.get("native_objects");
        assertEquals(11, objects.size(), objects.toString());
        // one scope per step: whatever a step creates is gone when the next sample is taken, so the
        // count never rises; it may fall, when a collection frees what the setup left to the collector
        long first = objects.get(0);
        assertTrue(objects.stream().allMatch(n -> n <= first), "native objects per sample: " + objects);
        assertTrue(Double.isFinite((double) r.get("final_loss")));
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Microbenchmarks.trainingLoopMemory(9));
        assertEquals("steps: expected >= 10, got 9", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Microbenchmarks.addOverhead(0));
        assertEquals("ops: expected >= 1, got 0", e.getMessage());
    }
}
