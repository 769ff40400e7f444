package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrFinderTest {
    @Test
    void lrFinderSuggestionIsSteepestDescent() {
        double[] lrs = {1, 2, 3, 4, 5, 6};
        double[] loss = {5, 4.9, 4.0, 2.0, 1.9, 3.0};
        // np.gradient: [-0.1, -0.5, -1.45, -1.05, 0.5, 1.1] -> argmin at index 2
        assertEquals(3, LrFinder.suggest(lrs, loss, 0, 0), 0);
        assertTrue(Double.isNaN(LrFinder.suggest(lrs, loss, 5, 1)));
    }
}
