package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void hugePageBuffersAreOnUnlessTheEnvironmentSaysOtherwise() {
        assumeTrue(System.getenv(Natives.THP_ENV) == null, "the environment sets " + Natives.THP_ENV);
        Natives.ensureLoaded();
        org.bytedeco.pytorch.BoolOptional v = org.bytedeco.pytorch.global.torch.check_env(Natives.THP_ENV);
        assertTrue(v.has_value() && v.get(), Natives.THP_ENV + " is not on in libtorch's environment");
        // and libtorch saw it: with it, buffers of 2 MB and more are page-aligned (64-byte otherwise)
        boolean allAligned = true;
        for (int i = 0; i < 4; i++) {
            Tensor t = Torch.zeros(1L << (20 + i)); // 4 MB to 32 MB
            allAligned &= NativeInterop.handle(t).data_ptr().address() % 4096 == 0;
        }
        assertTrue(allAligned, "4 MB tensor buffers are not page-aligned: huge-page allocation is off");
    }
}
