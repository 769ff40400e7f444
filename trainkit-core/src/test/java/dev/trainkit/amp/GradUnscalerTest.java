package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.trainkit.optim.GradGroups;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grouped unscale (flat gradient buffers checked and scaled with one op) against the per-tensor one. */
class GradUnscalerTest {
    /** float32 gradients as consecutive views of one buffer, plus a float64 parameter; one poisoned entry. */
    private static List<Tensor> params(double poison) {
        Torch.manualSeed(3);
        Tensor buffer = Torch.randn(6 + 4).mul(1024.0);
        List<Tensor> ps = new ArrayList<>();
        Tensor a = Torch.zeros(2, 3).requiresGrad_(true);
        a.setGrad(buffer.narrow(0, 0, 6).view(2, 3));
        Tensor b = Torch.zeros(4).requiresGrad_(true);
        b.setGrad(buffer.narrow(0, 6, 4));
        Tensor d = Torch.zeros(DType.FLOAT64, 3).requiresGrad_(true);
        d.setGrad(Torch.randn(3).to(DType.FLOAT64));
        ps.add(a);
        ps.add(d);
        ps.add(b);
        b.grad().narrow(0, 2, 1).fill_(poison);
        return ps;
    }

    @ParameterizedTest(name = "poison={0}")
    @ValueSource(doubles = {0.5, Double.NaN, Double.NEGATIVE_INFINITY})
    void groupedPathMatchesPerTensorPath(double poison) {
        List<Tensor> grouped = params(poison);
        List<Tensor> perTensor = params(poison);
        assertNotNull(GradGroups.of(grouped, null).get(0).flat(), "the float32 gradients form one flat group");
        Map<String, Boolean> fg = GradUnscaler.unscale_(grouped, 1f / 1024f, false, null);
        Map<String, Boolean> fp = GradUnscaler.unscale_(perTensor, 1f / 1024f, false, false);
        assertEquals(fp, fg);
        assertEquals(Map.of("cpu", Double.isNaN(poison) || Double.isInfinite(poison)), fg);
        for (int i = 0; i < grouped.size(); i++) {
            assertArrayEquals(perTensor.get(i).grad().toDoubleArray(), grouped.get(i).grad().toDoubleArray(),
                    "grad " + i);
        }
    }
}
