package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

class AutocastTest {

    @Test
    void matmulRunsInBf16InsideAndFp32Outside() {
        Tensor a = Torch.randn(4, 8);
        Tensor b = Torch.randn(8, 3);
        assertFalse(Autocast.isEnabled(Device.CPU));
        try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
            assertTrue(Autocast.isEnabled(Device.CPU));
            assertEquals(DType.BFLOAT16, a.matmul(b).dtype());
            assertEquals(DType.BFLOAT16, new Linear(8, 2).forward(a).dtype());
            // reductions of a low-precision result keep its dtype; the inputs stay fp32
            assertEquals(DType.FLOAT32, a.dtype());
        }
        assertFalse(Autocast.isEnabled(Device.CPU));
        assertEquals(DType.FLOAT32, a.matmul(b).dtype());
    }

    @Test
    void fp16OnCpuAndNestedDisable() {
        Tensor a = Torch.randn(4, 8);
        try (Autocast ac = Autocast.enable(Device.CPU, DType.FLOAT16)) {
            assertEquals(DType.FLOAT16, a.matmul(a.transpose(0, 1)).dtype());
            try (Autocast off = Autocast.disable(Device.CPU)) {
                assertEquals(DType.FLOAT32, a.matmul(a.transpose(0, 1)).dtype());
            }
            assertEquals(DType.FLOAT16, a.matmul(a.transpose(0, 1)).dtype());
            assertEquals(DType.FLOAT16, Autocast.dtype(Device.CPU));
        }
        assertFalse(Autocast.isEnabled(Device.CPU));
    }

    @Test
    void gradientsFlowToFp32Parameters() {
        Linear fc = new Linear(8, 2);
        Tensor x = Torch.randn(4, 8);
        Tensor loss;
        try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
            loss = fc.forward(x).to(DType.FLOAT32).pow(2).mean();
        }
        loss.backward();
        assertEquals(DType.FLOAT32, fc.weight.grad().dtype());
    }

    @Test
    void rejectsNonHalfDtypes() {
        assertThrows(IllegalArgumentException.class, () -> Autocast.enable(Device.CPU, DType.FLOAT64));
    }
}
