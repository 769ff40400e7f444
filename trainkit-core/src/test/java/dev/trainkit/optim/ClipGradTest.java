package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_ / clip_grad_value_ against PyTorch 1.13 goldens (float32 and float64). */
class ClipGradTest {

    private static List<Tensor> paramsWithGrads(JsonNode c) {
        DType dtype = c.get("dtype").asText().equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < c.get("shapes").size(); i++) {
            long[] shape = Goldens.longs(c.get("shapes").get(i));
            Tensor p = Torch.zeros(dtype, shape).requiresGrad_(true);
            p.setGrad(Torch.tensor(Goldens.doubles(c.get("grads").get(i)), shape).to(dtype));
            ps.add(p);
        }
        return ps;
    }

    @Test
    void matchesPyTorchGoldens() {
        int norms = 0;
        int values = 0;
        for (JsonNode c : Goldens.load("clip.json").get("cases")) {
            List<Tensor> ps = paramsWithGrads(c);
            String what;
            if (c.get("kind").asText().equals("norm")) {
                double normType = c.get("norm_type").isTextual() ? Double.POSITIVE_INFINITY : c.get("norm_type").asDouble();
                what = "clipGradNorm_ " + c.get("dtype").asText() + " p=" + normType + " max=" + c.get("max_norm");
                double total = ClipGrad.clipGradNorm_(ps, c.get("max_norm").asDouble(), normType, true);
                Goldens.assertClose(c.get("total_norm").asDouble(), total, what + " total norm");
                norms++;
            } else {
                what = "clipGradValue_ " + c.get("clip_value");
                ClipGrad.clipGradValue_(ps, c.get("clip_value").asDouble());
                values++;
            }
            for (int i = 0; i < ps.size(); i++) {
                Goldens.assertClose(c.get("clipped").get(i), ps.get(i).grad().toDoubleArray(), what + " grad " + i);
            }
        }
        assertEquals(20, norms);
        assertEquals(2, values);
    }

    @Test
    void defaultIsTwoNormAndSkipsParamsWithoutGrad() {
        JsonNode c = Goldens.load("clip.json").get("cases").get(0); // float32, p=2, max_norm=0.5
        List<Tensor> ps = paramsWithGrads(c);
        ps.add(Torch.zeros(3).requiresGrad_(true)); // no grad: ignored, as in PyTorch
        Goldens.assertClose(c.get("total_norm").asDouble(), ClipGrad.clipGradNorm_(ps, 0.5), "total norm");
        Goldens.assertClose(c.get("clipped").get(0), ps.get(0).grad().toDoubleArray(), "grad 0");
        assertEquals(0.0, ClipGrad.clipGradNorm_(List.of(Torch.zeros(2).requiresGrad_(true)), 1.0));
    }

    @Test
    void nonFiniteNormErrorsOnlyWhenAsked() {
        Tensor p = Torch.zeros(3).requiresGrad_(true);
        p.setGrad(Torch.tensor(new float[] {1, Float.POSITIVE_INFINITY, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, true));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        assertEquals(1.0, p.grad().toDoubleArray()[0], "grads untouched after the error");
        double total = ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, false);
        assertEquals(Double.POSITIVE_INFINITY, total);
    }

    @Test
    void rejectsBadArguments() {
        Tensor p = Torch.zeros(2).requiresGrad_(true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm_(List.of(p), -1.0))
                .getMessage().contains("max_norm"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClipGrad.clipGradNorm_(List.of(p), 1.0, Double.NaN, false)).getMessage().contains("norm_type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradValue_(List.of(p), -0.5))
                .getMessage().contains("clip_value"));
    }
}
