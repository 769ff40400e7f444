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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "foreach={0}")
    @NullSource
    @ValueSource(booleans = {true, false})
    void matchesPyTorchGoldens(Boolean foreach) {
        int norms = 0;
        int values = 0;
        for (JsonNode c : Goldens.load("clip.json").get("cases")) {
            List<Tensor> ps = paramsWithGrads(c);
            String what;
            if (c.get("kind").asText().equals("norm")) {
                double normType = c.get("norm_type").isTextual() ? Double.POSITIVE_INFINITY : c.get("norm_type").asDouble();
                what = "clipGradNorm_ " + c.get("dtype").asText() + " p=" + normType + " max=" + c.get("max_norm");
                double total = ClipGrad.clipGradNorm_(ps, c.get("max_norm").asDouble(), normType, true, foreach);
                Goldens.assertClose(c.get("total_norm").asDouble(), total, what + " total norm");
                norms++;
            } else {
                what = "clipGradValue_ " + c.get("clip_value");
                ClipGrad.clipGradValue_(ps, c.get("clip_value").asDouble(), foreach);
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

    /**
     * Parameters of two dtypes; with {@code flat}, the float32 gradients are consecutive views of
     * one buffer (the layout the grouped path clips with one op), with a NaN or inf when asked.
     */
    private static List<Tensor> mixed(boolean flat, double poison) {
        long[][] shapes = {{3, 4}, {5}, {2, 2, 2}};
        Tensor buffer = Torch.zeros(DType.FLOAT32, 12 + 5 + 8);
        List<Tensor> ps = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < shapes.length; i++) {
            Tensor p = Torch.zeros(DType.FLOAT32, shapes[i]).requiresGrad_(true);
            Tensor g = Torch.randn(shapes[i]).mul(3.0);
            long n = g.numel();
            if (flat) {
                Tensor view = buffer.narrow(0, offset, n).view(shapes[i]);
                view.copy_(g);
                g = view;
            }
            offset += n;
            p.setGrad(g);
            ps.add(p);
        }
        Tensor d = Torch.zeros(DType.FLOAT64, 7).requiresGrad_(true);
        d.setGrad(Torch.randn(7).to(DType.FLOAT64));
        ps.add(1, d);
        ps.get(2).grad().view(-1).narrow(0, 1, 1).fill_(poison);
        return ps;
    }

    private static List<Tensor> gradCopies(List<Tensor> ps) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : ps) {
            out.add(p.grad().clone());
        }
        return out;
    }

    @ParameterizedTest(name = "flat={0}")
    @ValueSource(booleans = {true, false})
    void groupedAndPerTensorPathsGiveIdenticalNumbers(boolean flat) {
        for (double normType : new double[] {2.0, 1.0, 3.0, Double.POSITIVE_INFINITY}) {
            for (double poison : new double[] {0.25, Double.NaN, Double.POSITIVE_INFINITY}) {
                Torch.manualSeed(7);
                List<Tensor> a = mixed(flat, poison);
                Torch.manualSeed(7);
                List<Tensor> b = mixed(flat, poison);
                assertEquals(flat, GradGroups.of(a, true).get(0).flat() != null, "flat layout detected");
                assertEquals(null, GradGroups.of(a, false).get(0).flat(), "foreach=false never uses the flat view");
                double ta = ClipGrad.clipGradNorm_(a, 0.5, normType, false, true);
                double tb = ClipGrad.clipGradNorm_(b, 0.5, normType, false, false);
                assertEquals(Double.doubleToLongBits(tb), Double.doubleToLongBits(ta), "total norm p=" + normType);
                for (int i = 0; i < a.size(); i++) {
                    assertTrue(sameBits(a.get(i).grad(), b.get(i).grad()), "grad " + i + " p=" + normType + " poison=" + poison);
                }
                ClipGrad.clipGradValue_(a, 0.1, true);
                ClipGrad.clipGradValue_(b, 0.1, false);
                for (int i = 0; i < a.size(); i++) {
                    assertTrue(sameBits(a.get(i).grad(), b.get(i).grad()), "value-clipped grad " + i);
                }
            }
        }
    }

    /** Equal, counting NaN as equal to NaN at the same place. */
    private static boolean sameBits(Tensor x, Tensor y) {
        double[] a = x.toDoubleArray();
        double[] b = y.toDoubleArray();
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "foreach={0}")
    @NullSource
    @ValueSource(booleans = {true, false})
    void nonFiniteErrorLeavesFlatGradientsUntouched(Boolean foreach) {
        List<Tensor> ps = mixed(true, Double.NaN);
        List<Tensor> before = gradCopies(ps);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipGrad.clipGradNorm_(ps, 1.0, 2.0, true, foreach));
        assertTrue(e.getMessage().contains("is non-finite"), e.getMessage());
        for (int i = 0; i < ps.size(); i++) {
            assertTrue(sameBits(before.get(i), ps.get(i).grad()), "grad " + i + " untouched");
        }
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
