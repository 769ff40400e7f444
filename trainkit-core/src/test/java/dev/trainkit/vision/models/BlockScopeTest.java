package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A block's temporaries are released when it returns; its output and what backward needs survive.
 * A zoo model's whole forward pass does the same.
 */
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18(num_classes=10)", "vgg11_bn(num_classes=10)", "mobilenet_v3_small(num_classes=10)",
        "swin_t(num_classes=10)"})
    void aZooModelsForwardLeavesOnlyItsOutputInTheCallersScope(String spec) {
        Module model = Models.create(spec);
        try (TensorScope step = TensorScope.open()) {
            Tensor x = Torch.randn(2, 3, 64, 64);
            long before = Pointer.totalCount();
            Tensor logits = model.forward(x);
            long left = Pointer.totalCount() - before;
            // without the pass's own scope, every activation's handle (hundreds) would stay until the step ends
            assertTrue(left <= 4, "native objects left in the step's scope by " + spec + ": " + left);
            logits.sum().backward(); // backward still has what it needs
            assertNotNull(model.parameters().get(0).grad());
        }
    }
}
