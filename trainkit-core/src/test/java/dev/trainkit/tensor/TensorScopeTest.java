package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
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
    void keepingATensorTheScopeDoesNotOwnLeavesItAlone() {
        Tensor outside = Torch.ones(2);
        Tensor escaped;
        Tensor midKept;
        try (TensorScope outer = TensorScope.open()) {
            escaped = TensorScope.escape(Torch.ones(2));
            Tensor ofOuter = Torch.ones(2);
            try (TensorScope inner = TensorScope.open()) {
                assertTrue(inner.keep(outside) == outside);
                inner.keep(escaped);
                midKept = inner.keep(ofOuter);
            }
            assertFalse(midKept.isReleased());
            assertArrayEquals(new float[] {2, 2}, midKept.add(1).toFloatArray());
        }
        assertFalse(outside.isReleased());
        assertFalse(escaped.isReleased());
        assertArrayEquals(new float[] {1, 1}, outside.toFloatArray());
        assertArrayEquals(new float[] {1, 1}, escaped.toFloatArray());
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

    @Test
    void manyOpsInAScopeLeaveNoNativeObjectBehind() {
        // Pointer.totalCount(): native objects JavaCPP owns (tensors, Scalar and optional
        // temporaries); each is deleted, and uncounted, when its scope closes
        Tensor a = Torch.ones(4);
        Tensor b = Torch.ones(4);
        int n = 1_000;
        long before = Pointer.totalCount();
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < n; i++) {
                a.add(b);
                a.mul(2.0);
                a.clamp(0, 1);
                a.sum(new long[] {0}, false);
                a.add_(0.0);
            }
            kept = scope.keep(a.add(b));
            assertTrue(Pointer.totalCount() - before >= 4L * n,
                    "the open scope holds every result: " + (Pointer.totalCount() - before));
        }
        long leftOver = Pointer.totalCount() - before;
        // the kept tensor (now the garbage collector's) and a few objects other code may have made
        assertTrue(leftOver <= 16, "native objects left after the scope closed: " + leftOver);
        assertFalse(kept.isReleased());

        try (TensorScope outer = TensorScope.open()) {
            long inOuter = Pointer.totalCount();
            try (TensorScope inner = TensorScope.open()) {
                for (int i = 0; i < n; i++) {
                    a.add(b);
                }
                inner.keep(a.mul(b));
            }
            assertTrue(Pointer.totalCount() - inOuter <= 16,
                    "inner scope left " + (Pointer.totalCount() - inOuter) + " native objects");
        }
    }
}
