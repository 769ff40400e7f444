package dev.trainkit.vision.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/**
 * torchvision's {@code StochasticDepth} semantics: identity in eval mode and for p = 0; in
 * training, whole rows (or the whole batch) zeroed with probability p, survivors scaled by
 * 1/(1−p); p = 1 zeroes everything; bad p or mode refused.
 */
class StochasticDepthTest {

    @Test
    void evalModeAndZeroProbabilityAreTheIdentity() {
        Tensor x = Torch.randn(8, 3, 4, 4);
        StochasticDepth sd = new StochasticDepth(0.5, "row");
        sd.eval();
        assertSame(x, sd.forward(x));
        StochasticDepth zero = new StochasticDepth(0.0, "row");
        assertTrue(zero.isTraining());
        assertSame(x, zero.forward(x));
        assertSame(x, StochasticDepth.stochasticDepth(x, 0.7, "batch", false));
    }

    @Test
    void trainingDropsWholeRowsAndScalesSurvivors() {
        Torch.manualSeed(7);
        int n = 4000;
        double p = 0.3;
        Tensor y = new StochasticDepth(p, "row").forward(Torch.ones(n, 3, 2, 2));
        double[] v = y.toDoubleArray();
        int kept = 0;
        for (int r = 0; r < n; r++) {
            double first = v[r * 12];
            assertTrue(first == 0.0 || Math.abs(first - 1 / (1 - p)) < 1e-6, "row " + r + ": " + first);
            for (int j = 1; j < 12; j++) {
                assertEquals(first, v[r * 12 + j], "row " + r + " is dropped or kept as a whole");
            }
            kept += first == 0.0 ? 0 : 1;
        }
        // kept ~ Binomial(4000, 0.7): sd 29; 0.03·4000 = 120 is > 4 sd
        assertEquals(0.7, kept / (double) n, 0.03, "survival rate");
        // the expectation is preserved: mean ≈ 1
        assertEquals(1.0, y.mean().item(), 0.05);
    }

    @Test
    void batchModeDropsEverythingOrNothing() {
        Torch.manualSeed(3);
        int zeroed = 0;
        for (int i = 0; i < 400; i++) {
            double[] v = StochasticDepth.stochasticDepth(Torch.ones(4, 5), 0.5, "batch", true).toDoubleArray();
            for (double d : v) {
                assertEquals(v[0], d);
            }
            assertTrue(v[0] == 0.0 || v[0] == 2.0, "value " + v[0]);
            zeroed += v[0] == 0.0 ? 1 : 0;
        }
        assertEquals(200, zeroed, 40);
    }

    @Test
    void probabilityOneZeroesEveryRow() {
        Tensor y = new StochasticDepth(1.0, "row").forward(Torch.randn(16, 4));
        for (double d : y.toDoubleArray()) {
            assertEquals(0.0, Math.abs(d)); // x·0 keeps x's sign: -0.0 as in PyTorch
        }
    }

    @Test
    void badArgumentsAreRefused() {
        for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new StochasticDepth(p, "row"));
            assertTrue(e.getMessage().contains("between 0 and 1") && e.getMessage().contains("got " + p),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepth(0.1, "rows"));
        assertTrue(e.getMessage().contains("'batch' or 'row'") && e.getMessage().contains("'rows'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> StochasticDepth.stochasticDepth(Torch.ones(2), 2.0, "row", false));
        assertEquals("StochasticDepth(p=0.2, mode=row)", new StochasticDepth(0.2, "row").toString());
    }
}
