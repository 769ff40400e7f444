package dev.trainkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's API tour, compiled and run; {@link ReadmeSnippetsTest} keeps the two in sync. */
class ReadmeExamplesTest {

    @Test
    void tensors() {
        // snippet: tensors
        Torch.manualSeed(0);                                   // torch.manual_seed(0)
        Tensor x = Torch.randn(4, 3);                          // torch.randn(4, 3)
        Tensor w = Torch.zeros(3, 2).requiresGrad_(true);      // requires_grad_()
        Tensor loss = x.matmul(w).sub(1).pow(2).mean();        // ((x @ w - 1) ** 2).mean()
        loss.backward();
        float[] grad = w.grad().toFloatArray();                // w.grad.numpy().ravel()
        Tensor both = Torch.cat(List.of(x, x), 0);             // torch.cat([x, x], 0)
        // end snippet
        assertEquals(6, grad.length);
        assertArrayEquals(new long[] {8, 3}, both.shape());
    }

    @Test
    void modules() {
        // snippet: modules
        Module model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        model.namedParameters().keySet();      // [0.weight, 0.bias, 2.weight, 2.bias]
        model.setSubmodule("2", new Linear(128, 5));          // replace the head
        model.getSubmodule("0").requiresGrad(false);           // freeze the first layer
        Tensor logits = NoGrad.run(() -> model.eval().forward(Torch.randn(2, 784)));
        // end snippet
        assertArrayEquals(new long[] {2, 5}, logits.shape());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
        assertTrue(!model.namedParameters().get("0.weight").requiresGrad());
    }

    @Test
    void scopes() {
        Module model = new Sequential(new Linear(8, 1));
        Tensor x = Torch.randn(16, 8);
        Tensor y = Torch.randn(16, 1);
        double lastLoss = 0;
        // snippet: scopes
        for (int step = 0; step < 100; step++) {
            try (TensorScope scope = TensorScope.open()) {     // frees every temporary of the step
                model.zeroGrad();
                Tensor loss = model.forward(x).sub(y).pow(2).mean();
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Tensor p : model.parameters()) {
                        p.add_(p.grad(), -0.1);                // p -= 0.1 * p.grad
                    }
                }
                lastLoss = loss.item();                        // primitives escape the scope
            }
        }
        // end snippet
        assertTrue(lastLoss < 2.0, "loss " + lastLoss);
    }
}
