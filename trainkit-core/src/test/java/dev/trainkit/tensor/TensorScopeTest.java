package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorScopeTest {

    @Test
    void releasesTemporariesAndKeepsWhatIsKept() {
        Tensor outside = Torch.ones(3);
        Tensor temp;
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            temp = outside.mul(2);
            kept = scope.keep(outside.add(1));
            outside.add_(1); // in-place update of outer state stays valid
        }
        assertTrue(temp.isReleased());
        assertFalse(kept.isReleased());
        assertArrayEquals(new float[] {2, 2, 2}, kept.toFloatArray());
        assertArrayEquals(new float[] {2, 2, 2}, outside.toFloatArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, temp::sum);
        assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
    }

    @Test
    void keepMovesToTheEnclosingScope() {
        Tensor midKept;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                midKept = inner.keep(Torch.ones(2));
            }
            assertFalse(midKept.isReleased());
        }
        assertTrue(midKept.isReleased());
    }

    @Test
    void scopesMustCloseInOrder() {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void gradientsOfOuterLeavesSurviveTheStepScope() {
        Tensor w = Torch.ones(2).requiresGrad_(true);
        for (int step = 0; step < 3; step++) {
            try (TensorScope scope = TensorScope.open()) {
                w.mul(3).sum().backward();
            }
        }
        assertArrayEquals(new float[] {9, 9}, w.grad().toFloatArray());
    }
}
