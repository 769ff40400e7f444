package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/** A block's temporaries are released when it returns; its output and what backward needs survive. */
class BlockScopeTest {

    @Test
    void keepsTheOutputFreesTheTemporariesAndBackwardStillWorks() {
        try (TensorScope step = TensorScope.open()) {
            Tensor w = Torch.randn(4).requiresGrad_(true);
            Tensor[] temporary = new Tensor[1];
            Tensor out = BlockScope.run(() -> {
                temporary[0] = w.mul(2);
                return temporary[0].exp().sum();
            });
            assertThrows(IllegalStateException.class, () -> temporary[0].shape(), "released with the block");
            assertArrayEquals(new long[0], out.shape());
            out.backward();
            // d/dw sum(exp(2w)) = 2 exp(2w): the graph kept the saved exp output
            assertTrue(w.grad().allclose(w.detach().mul(2).exp().mul(2), 1e-6, 1e-6));
        }
    }
}
