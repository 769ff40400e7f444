package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.tensor.TorchException;
import org.junit.jupiter.api.Test;

/** {@code nn.ReLU(inplace=...)}: the out-of-place layer is covered by the PyTorch goldens of LayerParityTest. */
class ReLUTest {
    private static final float[] X = {-2f, -0.5f, 0f, 0.5f, 3f, -1f};

    @Test
    void reprIsPyTorchs() {
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("ReLU(inplace=True)", new ReLU(true).toString());
        assertFalse(new ReLU().inplace());
        assertTrue(new ReLU(true).inplace());
    }

    @Test
    void inPlaceOverwritesAndReturnsItsInput() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.tensor(X.clone(), 2, 3);
            Tensor y = new ReLU(true).forward(x);
            assertSame(x, y);
            assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 3f, 0f}, x.toFloatArray());
        }
    }

    @Test
    void outOfPlaceLeavesItsInputAlone() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.tensor(X.clone(), 2, 3);
            Tensor y = new ReLU().forward(x);
            assertArrayEquals(X, x.toFloatArray());
            assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 3f, 0f}, y.toFloatArray());
        }
    }

    @Test
    void inPlaceGivesTheSameGradientsAsOutOfPlace() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor w = Torch.tensor(new float[] {1.5f, -2f, 0.5f, 1f, -1f, 2f}, 2, 3);
            float[][] grads = new float[2][];
            for (int i = 0; i < 2; i++) {
                Tensor x = Torch.tensor(X.clone(), 2, 3).requiresGrad_(true);
                Tensor h = x.mul(w); // not a leaf: in place is allowed, as after a batch norm
                Tensor y = new ReLU(i == 1).forward(h);
                y.mul(w).sum().backward();
                grads[i] = x.grad().toFloatArray();
            }
            assertArrayEquals(grads[0], grads[1], 0f);
            // d/dx relu(x·w)·w = w² where x·w > 0 (entries 1: -0.5·-2 and 3: 0.5·1), else 0
            assertArrayEquals(new float[] {0f, 4f, 0f, 1f, 0f, 0f}, grads[1], 0f); // 0f: -0.0 counts as 0
        }
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFailsClearly() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.tensor(X.clone(), 2, 3).requiresGrad_(true);
            TorchException e = assertThrows(TorchException.class, () -> new ReLU(true).forward(x));
            assertTrue(e.getMessage().contains("relu_"), e.getMessage());
            assertTrue(e.getMessage().contains("leaf"), e.getMessage());
        }
    }
}
