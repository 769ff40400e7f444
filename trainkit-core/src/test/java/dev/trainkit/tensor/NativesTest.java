package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Library users get the CLI's per-op cost (no resident-memory read at every native allocation)
 * and huge-page tensor buffers.
 */
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

    @Test
    void hugePageAllocationIsLeftToTheEnvironment() {
        assumeTrue(System.getenv("THP_MEM_ALLOC_ENABLE") == null, "the environment sets THP_MEM_ALLOC_ENABLE");
        Natives.ensureLoaded();
        org.bytedeco.pytorch.BoolOptional v = org.bytedeco.pytorch.global.torch.check_env("THP_MEM_ALLOC_ENABLE");
        assertFalse(v.has_value(), "THP_MEM_ALLOC_ENABLE was set in libtorch's environment");
    }
}
