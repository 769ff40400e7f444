package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Call order, errors, the enabled switch and multi-optimizer rules of GradScaler (PyTorch 2.x's grad_scaler.py). */
class GradScalerTest {

    private static Tensor param(double... values) {
        return Torch.tensor(values, values.length).requiresGrad_(true);
    }

    /** Backward of scaler.scale(sum(p * w)): the gradient of p is scale * w. */
    private static void backward(GradScaler scaler, Tensor p, double... w) {
        scaler.scale(p.mul(Torch.tensor(w, w.length)).sum()).backward();
    }

    @Test
    void defaultsAreTorchs() {
        GradScaler s = new GradScaler();
        assertTrue(s.isEnabled());
        assertEquals(65536.0, s.getScale());
        assertEquals(2.0, s.getGrowthFactor());
        assertEquals(0.5, s.getBackoffFactor());
        assertEquals(2000, s.getGrowthInterval());
        assertEquals(Map.of("scale", 65536.0, "growth_factor", 2.0, "backoff_factor", 0.5, "growth_interval", 2000,
                "_growth_tracker", 0), s.stateDict());
    }

    @Test
    void unscaleDividesGradientsAndStepUsesThem() {
        Tensor p = param(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.5);
        GradScaler s = new GradScaler(1024.0, 2.0, 0.5, 2000, true);
        backward(s, p, 3.0, -4.0);
        assertEquals(3.0 * 1024, p.grad().toDoubleArray()[0], 0.0);
        s.unscale_(opt);
        assertEquals(3.0, p.grad().toDoubleArray()[0], 0.0);
        assertEquals(-4.0, p.grad().toDoubleArray()[1], 0.0);
        assertTrue(s.step(opt));
        assertEquals(1.0 - 0.5 * 3.0, p.toDoubleArray()[0], 1e-12);
        s.update();
        assertEquals(1024.0, s.getScale());
        assertEquals(1, s.getGrowthTracker());
    }

    @Test
    void scalesListsAndKeepsDtype() {
        GradScaler s = new GradScaler(8.0, 2.0, 0.5, 10, true);
        List<Tensor> out = s.scale(List.of(Torch.scalar(1.5), Torch.scalar(2.0).to(DType.BFLOAT16)));
        assertEquals(12.0, out.get(0).item());
        assertEquals(16.0, out.get(1).item());
        assertEquals(DType.BFLOAT16, out.get(1).dtype());
        assertThrows(IllegalArgumentException.class, () -> s.scale(java.util.Arrays.asList(Torch.scalar(1), null)));
    }

    @Test
    void callOrderErrorsHavePyTorchsMessages() {
        Tensor p = param(1.0);
        SGD opt = new SGD(List.of(p), 0.1);
        GradScaler s = new GradScaler();
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> s.unscale_(opt));
        assertTrue(before.getMessage().contains("Attempted unscale_ but _scale is None"), before.getMessage());
        assertThrows(IllegalStateException.class, () -> s.step(opt));
        assertThrows(IllegalStateException.class, s::update);

        backward(s, p, 1.0);
        s.unscale_(opt);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> s.unscale_(opt));
        assertEquals("unscale_() has already been called on this optimizer since the last update().", twice.getMessage());
        assertTrue(s.step(opt));
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> s.unscale_(opt));
        assertEquals("unscale_() is being called after step().", after.getMessage());
        IllegalStateException stepTwice = assertThrows(IllegalStateException.class, () -> s.step(opt));
        assertEquals("step() has already been called since the last update().", stepTwice.getMessage());
        s.update();
        // after update() the optimizer is ready again
        opt.zeroGrad();
        backward(s, p, 1.0);
        s.unscale_(opt);
        assertTrue(s.step(opt));
    }

    @Test
    void updateOrStepWithoutInfChecksFails() {
        Tensor p = param(1.0);
        SGD opt = new SGD(List.of(p), 0.1);
        GradScaler s = new GradScaler();
        s.scale(Torch.scalar(1.0));
        IllegalStateException noUpdate = assertThrows(IllegalStateException.class, s::update);
        assertTrue(noUpdate.getMessage().startsWith("No inf checks were recorded prior to update."));
        // no parameter has a gradient
        IllegalStateException noStep = assertThrows(IllegalStateException.class, () -> s.step(opt));
        assertTrue(noStep.getMessage().startsWith("No inf checks were recorded for this optimizer."));
    }

    @Test
    void refusesFp16GradientsWithoutTouchingAny() {
        Tensor p32 = param(1.0);
        Tensor p16 = Torch.tensor(new double[] {1.0}, 1).to(DType.FLOAT16).requiresGrad_(true);
        SGD opt = new SGD(List.of(p32, p16), 0.1);
        GradScaler s = new GradScaler(4.0, 2.0, 0.5, 10, true);
        backward(s, p32, 1.0);
        s.scale(p16.to(DType.FLOAT32).sum()).backward();
        assertEquals(DType.FLOAT16, p16.grad().dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.unscale_(opt));
        assertTrue(e.getMessage().contains("Attempting to unscale FP16 gradients."), e.getMessage());
        assertEquals(4.0, p32.grad().item(), 0.0, "checked before any gradient is unscaled");
    }

    @Test
    void bf16GradientsAreUnscaled() {
        Tensor p = Torch.tensor(new double[] {1.0, 2.0}, 2).to(DType.BFLOAT16).requiresGrad_(true);
        SGD opt = new SGD(List.of(p), 0.1);
        GradScaler s = new GradScaler(256.0, 2.0, 0.5, 10, true);
        s.scale(p.sum()).backward();
        s.unscale_(opt);
        assertEquals(DType.BFLOAT16, p.grad().dtype());
        assertEquals(1.0, p.grad().toDoubleArray()[1], 0.0);
    }

    @Test
    void infInOneOptimizerSkipsOnlyThatOneButBacksOffTheScale() {
        Tensor a = param(1.0);
        Tensor b = param(1.0);
        SGD optA = new SGD(List.of(a), 0.1);
        SGD optB = new SGD(List.of(b), 0.1);
        GradScaler s = new GradScaler(16.0, 2.0, 0.5, 1, true);
        s.scale(a.add(b.mul(Double.POSITIVE_INFINITY)).sum()).backward();
        assertTrue(s.step(optA));
        assertFalse(s.step(optB));
        assertTrue(s.foundInf(optB));
        assertEquals(1.0 - 0.1, a.item(), 1e-7);
        assertEquals(1.0, b.item(), 0.0, "skipped step leaves the parameter uncorrupted");
        s.update();
        assertEquals(8.0, s.getScale());
        assertFalse(s.foundInf(optA), "update() starts a new iteration");
    }

    @Test
    void nanGradientIsFoundAndParamsUntouched() {
        Tensor p = param(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.1, 0.9);
        GradScaler s = new GradScaler(2.0, 2.0, 0.5, 10, true);
        backward(s, p, 1.0, 1.0);
        NoGrad.run(() -> p.grad().get(1).fill_(Double.NaN));
        assertFalse(s.step(opt));
        assertEquals(List.of(1.0, 2.0), List.of(p.toDoubleArray()[0], p.toDoubleArray()[1]));
        assertTrue(opt.stateDict().get("state") instanceof Map<?, ?> m && m.isEmpty(), "optimizer never stepped");
        s.update();
        assertEquals(1.0, s.getScale());
    }

    @Test
    void manualUpdateSetsTheScaleAsFloat32() {
        Tensor p = param(1.0);
        SGD opt = new SGD(List.of(p), 0.1);
        GradScaler s = new GradScaler();
        backward(s, p, 1.0);
        s.step(opt);
        s.update(0.1);
        assertEquals((double) 0.1f, s.getScale(), 0.0);
        s.update(Torch.scalar(512.0));
        assertEquals(512.0, s.getScale());
        assertThrows(IllegalArgumentException.class, () -> s.update(0.0));
        assertThrows(IllegalArgumentException.class, () -> s.update(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.update(1e39), "overflows float32");
        assertThrows(IllegalArgumentException.class, () -> s.update(Torch.ones(2)));
        assertThrows(IllegalArgumentException.class, () -> s.update(Torch.scalar(2.0).requiresGrad_(true)));
    }

    @Test
    void disabledScalerIsAPassThrough() {
        Tensor p = param(1.0);
        SGD opt = new SGD(List.of(p), 0.5);
        GradScaler s = new GradScaler(false);
        assertFalse(s.isEnabled());
        Tensor loss = p.mul(2.0).sum();
        assertSame(loss, s.scale(loss));
        loss.backward();
        s.unscale_(opt);
        assertEquals(2.0, p.grad().item(), 0.0);
        assertTrue(s.step(opt));
        assertEquals(0.0, p.item(), 1e-12);
        s.update();
        s.update(3.0);
        assertEquals(1.0, s.getScale());
        assertEquals(0, s.getGrowthTracker());
        assertTrue(s.stateDict().isEmpty());
        s.loadStateDict(Map.of()); // no-op when disabled, as PyTorch
        // a disabled scaler takes any factors, as PyTorch only checks them when enabled
        new GradScaler(1.0, 0.5, 2.0, 0, false);
    }

    @Test
    void rejectsBadOptions() {
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new GradScaler(65536.0, 1.0, 0.5, 2000, true));
        assertTrue(g.getMessage().contains("The growth factor must be > 1.0"), g.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> new GradScaler(65536.0, 2.0, 1.0, 2000, true));
        assertTrue(b.getMessage().contains("The backoff factor must be < 1.0"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(65536.0, 2.0, 0.0, 2000, true));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(-1.0, 2.0, 0.5, 2000, true));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(Double.POSITIVE_INFINITY, 2.0, 0.5, 2000, true));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(65536.0, 2.0, 0.5, 0, true));
        GradScaler s = new GradScaler();
        assertThrows(IllegalArgumentException.class, () -> s.setGrowthFactor(0.9));
        assertThrows(IllegalArgumentException.class, () -> s.setBackoffFactor(1.5));
        assertThrows(IllegalArgumentException.class, () -> s.setGrowthInterval(0));
        s.setGrowthInterval(7);
        assertEquals(7, s.stateDict().get("growth_interval"));
    }

    @Test
    void loadStateDictValidatesAndAppliesBeforeAndAfterTheFirstScale() {
        Map<String, Object> sd = new HashMap<>(Map.of("scale", 128.0, "growth_factor", 3.0, "backoff_factor", 0.25,
                "growth_interval", 2, "_growth_tracker", 1));
        GradScaler fresh = new GradScaler();
        fresh.loadStateDict(sd);
        assertEquals(sd, fresh.stateDict());
        // after load, the next clean step reaches the interval and grows by 3
        Tensor p = param(1.0);
        Optimizer opt = new SGD(List.of(p), 0.1);
        backward(fresh, p, 1.0);
        assertEquals(128.0, p.grad().item(), 0.0);
        fresh.step(opt);
        fresh.update();
        assertEquals(384.0, fresh.getScale());
        assertEquals(0, fresh.getGrowthTracker());
        // into an initialised scaler
        fresh.loadStateDict(sd);
        assertEquals(128.0, fresh.getScale());
        assertEquals(1, fresh.getGrowthTracker());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(Map.of()));
        assertTrue(empty.getMessage().contains("saved from a disabled instance of GradScaler"));
        Map<String, Object> missing = new HashMap<>(sd);
        missing.remove("_growth_tracker");
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(missing));
        assertTrue(m.getMessage().contains("'_growth_tracker'"), m.getMessage());
        Map<String, Object> bad = new HashMap<>(sd);
        bad.put("growth_interval", 2.5);
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(bad));
        bad.put("growth_interval", 2);
        bad.put("backoff_factor", "half");
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(bad));
        bad.put("backoff_factor", 2.0);
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(bad));
        assertEquals(sd, fresh.stateDict(), "a refused dict changes nothing");
    }
}
