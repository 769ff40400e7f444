package dev.trainkit.vision.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/** torchvision's {@code ops.misc.Permute}: a parameter-free dimension reorder, and its argument checks. */
class PermuteTest {

    @Test
    void permutesLikeTorchPermuteAndRoundTrips() {
        Tensor x = Torch.randn(2, 3, 4, 5);
        Permute toNhwc = new Permute(0, 2, 3, 1);
        Tensor y = toNhwc.forward(x);
        assertArrayEquals(new long[] {2, 4, 5, 3}, y.shape());
        assertEquals(x.get(1, 2, 3, 4).item(), y.get(1, 3, 4, 2).item());
        assertTrue(new Permute(0, 3, 1, 2).forward(y).equal(x));
        assertTrue(toNhwc.parameters().isEmpty() && toNhwc.stateDict().isEmpty());
        assertEquals("Permute(dims=[0, 2, 3, 1])", toNhwc.toString());
    }

    @Test
    void badDimsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 2, 2, 1));
        assertTrue(e.getMessage().contains("expected a permutation of 0..3, got [0, 2, 2, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Permute(0, 4, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Permute());
        e = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 2, 1).forward(Torch.randn(2, 3)));
        assertTrue(e.getMessage().contains("expected an input with 3 dims, got"), e.getMessage());
    }
}
