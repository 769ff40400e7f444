package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void creationAndMetadata() {
        Tensor z = Torch.zeros(2, 3);
        assertArrayEquals(new long[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertEquals(Device.CPU, z.device());
        assertEquals(6, z.numel());
        assertEquals(2, z.dim());
        assertEquals(DType.INT64, Torch.arange(5).dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, Torch.arange(5).toLongArray());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f}, Torch.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Torch.eye(2).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Torch.full(new long[] {2}, 7).toFloatArray());
        assertEquals(DType.INT64, Torch.randint(0, 10, 3).dtype());
    }

    @Test
    void arraysRoundTrip() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Torch.tensor(data, 2, 3);
        assertArrayEquals(data, t.toFloatArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray());
        assertArrayEquals(new long[] {1, 2}, Torch.tensor(new long[] {1, 2}).toLongArray());
        assertArrayEquals(new float[] {4, 5, 6}, t.get(1).toFloatArray());
        assertEquals(6.0, t.get(1, 2).item());
        assertEquals(DType.BOOL, Torch.tensor(new boolean[] {true, false}).dtype());
        Tensor m = Torch.tensor(new float[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new long[] {2, 2}, m.shape());
    }

    @Test
    void arithmeticAndReductions() {
        Tensor a = Torch.tensor(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Torch.tensor(new float[] {10, 20}, 2);
        assertArrayEquals(new float[] {11, 22, 13, 24}, a.add(b).toFloatArray());
        assertArrayEquals(new float[] {7, 10, 15, 22}, a.matmul(a).toFloatArray());
        assertEquals(10.0, a.sum().item());
        assertArrayEquals(new float[] {3, 7}, a.sum(1, false).toFloatArray());
        assertArrayEquals(new float[] {2, 3}, a.mean(0, false).toFloatArray());
        assertArrayEquals(new long[] {1, 1}, a.argmax(1, false).toLongArray());
        assertArrayEquals(new float[] {3, 4}, a.max(0, false).toFloatArray());
        assertEquals(Math.sqrt(30), a.norm(2).item(), 1e-5);
        assertArrayEquals(new float[] {2, 2, 3, 3}, a.clamp(2, 3).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, a.sub(1).toFloatArray());
        assertArrayEquals(new float[] {1, 4, 9, 16}, a.pow(2).toFloatArray());
        assertArrayEquals(new float[] {9, 8, 7, 6}, a.rsub(10).toFloatArray());
    }

    @Test
    void shapeOps() {
        Tensor a = Torch.arange(6).reshape(2, 3);
        assertArrayEquals(new long[] {3, 2}, a.transpose(0, 1).shape());
        assertArrayEquals(new long[] {3, 2}, a.permute(1, 0).shape());
        assertArrayEquals(new long[] {1, 2, 3}, a.unsqueeze(0).shape());
        assertArrayEquals(new long[] {2, 3}, a.unsqueeze(0).squeeze(0).shape());
        assertArrayEquals(new long[] {6}, a.flatten().shape());
        assertArrayEquals(new long[] {1, 2}, a.slice(1, 1, 3, 1).get(0).toLongArray());
        List<Tensor> parts = a.split(1, 0);
        assertEquals(2, parts.size());
        assertArrayEquals(new long[] {3, 4, 5}, parts.get(1).flatten().toLongArray());
        assertArrayEquals(new long[] {4, 3}, Torch.cat(List.of(a, a), 0).shape());
        assertArrayEquals(new long[] {2, 2, 3}, Torch.stack(List.of(a, a), 0).shape());
        Tensor oh = Torch.oneHot(Torch.tensor(new long[] {0, 2}), 3);
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1}, oh.toLongArray());
    }

    @Test
    void autograd() {
        Tensor w = Torch.tensor(new float[] {1, 2, 3}).requiresGrad_(true);
        assertTrue(w.requiresGrad());
        assertNull(w.grad());
        Tensor loss = w.pow(2).sum();
        loss.backward();
        assertArrayEquals(new float[] {2, 4, 6}, w.grad().toFloatArray());
        w.setGrad(null);
        assertNull(w.grad());
        try (NoGrad ng = NoGrad.enter()) {
            assertFalse(w.mul(2).requiresGrad());
        }
        assertTrue(w.mul(2).requiresGrad());
        assertFalse(NoGrad.run(() -> w.mul(2)).requiresGrad());
    }

    @Test
    void inPlaceOpsMutate() {
        Tensor t = Torch.ones(3);
        Tensor same = t.add_(1).mul_(3);
        assertTrue(same == t);
        assertArrayEquals(new float[] {6, 6, 6}, t.toFloatArray());
        t.addcmul_(Torch.ones(3), Torch.full(new long[] {3}, 2), 0.5);
        assertArrayEquals(new float[] {7, 7, 7}, t.toFloatArray());
    }

    @Test
    void libtorchErrorsBecomeReadableExceptions() {
        Tensor a = Torch.zeros(2, 3);
        Tensor b = Torch.zeros(4, 5);
        TorchException e = assertThrows(TorchException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().startsWith("matmul: "), e.getMessage());
        assertTrue(e.getMessage().contains("float32[2, 3]") && e.getMessage().contains("float32[4, 5]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("frame #"), e.getMessage());
        assertTrue(e.getCause() != null);
        TorchException e2 = assertThrows(TorchException.class, () -> a.add(Torch.zeros(3, 2)));
        assertTrue(e2.getMessage().contains("size of tensor a (3)"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Torch.zeros(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Torch.zeros(2).item());
        assertThrows(IllegalArgumentException.class, () -> Torch.oneHot(Torch.zeros(2), 3));
    }

    @Test
    void seedingIsReproducible() {
        Torch.manualSeed(42);
        float[] a = Torch.randn(5).toFloatArray();
        Torch.manualSeed(42);
        float[] b = Torch.randn(5).toFloatArray();
        assertArrayEquals(a, b);
    }

    @Test
    void dtypeConversionAndParsing() {
        Tensor t = Torch.ones(2).to(DType.BFLOAT16);
        assertEquals(DType.BFLOAT16, t.dtype());
        assertEquals(DType.FLOAT16, DType.of("half"));
        assertEquals(DType.INT64, DType.of("torch.long"));
        assertThrows(IllegalArgumentException.class, () -> DType.of("float8"));
        assertEquals(Device.cuda(1), Device.of("cuda:1"));
        assertThrows(IllegalArgumentException.class, () -> Device.of("tpu"));
    }
}
