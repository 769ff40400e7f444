package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A generator of its own: seeded draws repeat, and it outlives the scope it was created in. */
class GeneratorTest {
    @Test
    void sameSeedSameDrawsAndTheStreamContinues() {
        Generator a = new Generator().manualSeed(5);
        long[] first = Torch.randperm(20, a).toLongArray();
        long[] second = Torch.randperm(20, a).toLongArray();
        assertArrayEquals(first, Torch.randperm(20, new Generator().manualSeed(5)).toLongArray());
        assertEquals(5, a.initialSeed());
        assertEquals(Generator.DEFAULT_SEED, new Generator().initialSeed());
        // the stream advanced: a second permutation differs from the first (fixed seed, so this is deterministic)
        assertEquals(false, java.util.Arrays.equals(first, second));
    }

    @Test
    void aGeneratorCreatedInsideAScopeOutlivesIt() {
        Generator g;
        try (TensorScope scope = TensorScope.open()) {
            g = new Generator().manualSeed(3);
        }
        long[] drawn = Torch.multinomial(Torch.tensor(new double[] {1, 2, 3}, 3), 4, true, g).toLongArray();
        assertArrayEquals(Torch.multinomial(Torch.tensor(new double[] {1, 2, 3}, 3), 4, true,
                new Generator().manualSeed(3)).toLongArray(), drawn);
        assertThrows(IllegalArgumentException.class, () -> Torch.randperm(-1, g));
    }
}
