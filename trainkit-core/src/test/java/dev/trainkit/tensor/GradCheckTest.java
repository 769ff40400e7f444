package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    @Test
    void passesForCorrectAutogradGraphs() {
        Torch.manualSeed(0);
        GradCheck.Result r = GradCheck.check(xs -> xs.get(0).pow(3).mul(xs.get(1).sigmoid()).sum(),
                List.of(Torch.randn(DType.FLOAT64, 3, 2), Torch.randn(DType.FLOAT64, 3, 2)));
        assertTrue(r.passed(), r.message());
        GradCheck.Result nonScalar = GradCheck.check(xs -> xs.get(0).softmax(1),
                List.of(Torch.randn(DType.FLOAT64, 2, 4)));
        assertTrue(nonScalar.passed(), nonScalar.message());
    }

    @Test
    void detectsAWrongGradient() {
        // detach() hides part of the function from autograd, so the analytical gradient is wrong
        GradCheck.Result r = GradCheck.check(xs -> xs.get(0).mul(xs.get(0).detach()).sum(),
                List.of(Torch.randn(DType.FLOAT64, 4).add(3)));
        assertFalse(r.passed(), r.message());
    }

    @Test
    void rejectsFloat32Inputs() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs.get(0).sum(), List.of(Torch.randn(3))));
    }
}
