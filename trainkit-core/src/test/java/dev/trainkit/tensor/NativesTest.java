package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Library users get the CLI's per-op cost: no resident-memory read at every native allocation. */
class NativesTest {
    @Test
    void javacppMemoryCheckIsOffUnlessTheUserSetIt() {
        Natives.ensureLoaded();
        Torch.ones(4).add(Torch.ones(4));
        // the properties are only defaulted, never overridden
        assertEquals("0", System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes"));
        // and they were read: Pointer's static initializer ran after they were set
        assertEquals(0L, Pointer.maxPhysicalBytes());
        assertEquals(0L, Pointer.maxBytes());
    }
}
