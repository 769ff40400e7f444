package dev.trainkit.vision.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torchvision's {@code ops.stochastic_depth} semantics, which no golden can pin down (random):
 * eval and p = 0 are the identity, "row" drops whole rows with probability p and scales the
 * survivors by 1/(1−p), "batch" drops everything or nothing, p = 1 zeroes without dividing by 0,
 * and bad arguments name what was expected and what came.
 */
class StochasticDepthTest {

    @Test
    void evalModeAndZeroProbabilityAreTheIdentity() {
        Tensor x = Torch.randn(4, 3, 2, 2);
        StochasticDepth sd = new StochasticDepth(0.9, "row");
        sd.eval();
        assertSame(x, sd.forward(x));
        StochasticDepth zero = new StochasticDepth(0.0, "batch");
        assertTrue(zero.isTraining());
        assertSame(x, zero.forward(x));
        assertSame(x, StochasticDepth.stochasticDepth(x, 0.5, "row", false));
    }

    @Test
    void rowModeDropsWholeRowsWithProbabilityPAndScalesSurvivors() {
        Torch.manualSeed(11);
        double p = 0.3;
        int n = 20000;
        Tensor y = new StochasticDepth(p, "row").forward(Torch.ones(n, 3, 2));
        assertArrayEquals(new long[] {n, 3, 2}, y.shape());
        Tensor rows = y.flatten(1, 2);
        assertTrue(rows.max(1, false).equal(rows.min(1, false)), "a row was partly dropped");
        double dropped = rows.max(1, false).eq(0).to(DType.FLOAT32).mean().item();
        assertEquals(p, dropped, 5 * Math.sqrt(p * (1 - p) / n));
        assertEquals(1 / (1 - p), y.max().item(), 1e-6);
        assertEquals(1.0, y.mean().item(), 5 * Math.sqrt(p / (1 - p) / n), "expectation preserved");
    }

    @Test
    void batchModeDropsAllOrNothing() {
        Torch.manualSeed(12);
        double p = 0.4;
        StochasticDepth sd = new StochasticDepth(p, "batch");
        int trials = 2000;
        int dropped = 0;
        for (int i = 0; i < trials; i++) {
            Tensor y = sd.forward(Torch.ones(3, 4));
            double max = y.max().item();
            assertEquals(max, y.min().item(), "batch mode is all or nothing");
            if (max == 0) {
                dropped++;
            } else {
                assertEquals(1 / (1 - p), max, 1e-6);
            }
        }
        assertEquals(p, dropped / (double) trials, 5 * Math.sqrt(p * (1 - p) / trials));
    }

    @Test
    void probabilityOneZeroesEverythingWithoutNaN() {
        Tensor y = new StochasticDepth(1.0, "row").forward(Torch.randn(16, 5));
        assertEquals(0.0, y.abs().max().item());
        assertEquals(0.0, new StochasticDepth(1.0, "batch").forward(Torch.randn(2, 5)).abs().max().item());
    }

    @Test
    void keepsDtypeAndPassesGradientsThroughTheSurvivors() {
        Torch.manualSeed(13);
        Tensor x = Torch.randn(DType.FLOAT64, 64, 3).requiresGrad_(true);
        Tensor y = new StochasticDepth(0.5, "row").forward(x);
        assertEquals(DType.FLOAT64, y.dtype());
        y.sum().backward();
        Tensor g = x.grad();
        // d(x * noise)/dx = noise: 0 or 2 per row, constant along the row
        assertTrue(g.max(1, false).equal(g.min(1, false)));
        assertEquals(2.0, g.max().item(), 1e-12);
        assertTrue(y.eq(0).equal(g.eq(0)), "zeroed outputs are exactly the rows without gradient");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void badProbabilityIsAClearError(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(p, "row"));
        assertTrue(e.getMessage().contains("p has to be between 0 and 1, but got " + p), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StochasticDepth.stochasticDepth(Torch.ones(2), p, "row", false));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }

    @Test
    void badModeAndScalarRowInputAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepth(0.1, "rows"));
        assertTrue(e.getMessage().contains("mode has to be either 'batch' or 'row', but got 'rows'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(0.1, null));
        assertTrue(e.getMessage().contains("but got null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepth(0.5, "row").forward(Torch.scalar(1.0)));
        assertTrue(e.getMessage().contains("at least 1 dim"), e.getMessage());
        assertEquals(0.0, new StochasticDepth(1.0, "batch").forward(Torch.scalar(3.0)).item());
    }

    @Test
    void reprAsTorchvision() {
        assertEquals("StochasticDepth(p=0.1, mode=row)", new StochasticDepth(0.1, "row").toString());
    }
}
