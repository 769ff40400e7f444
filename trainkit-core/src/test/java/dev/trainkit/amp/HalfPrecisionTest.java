package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.optim.Adam;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** True half precision with fp32 master weights, and the failures of pure half training it avoids. */
class HalfPrecisionTest {
    private static final float[] W_TRUE = {0.5f, -1.0f, 2.0f, 0.0f};

    /** Regression y = x·w_true where feature 3 is always 0, so its weight's gradient is exactly 0. */
    private static Tensor[] data() {
        Torch.manualSeed(7);
        Tensor x = Torch.randn(32, 4);
        NoGrad.run(() -> x.select(1, 3).zero_());
        Tensor y = x.matmul(Torch.tensor(W_TRUE, 4, 1));
        return new Tensor[] {x, y};
    }

    private static Linear model() {
        Torch.manualSeed(11);
        return new Linear(4, 1);
    }

    private static double loss(Linear m, Tensor x, Tensor y) {
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            return new MSELoss().forward(m.forward(x.to(m.weight.dtype())).to(DType.FLOAT32), y).item();
        }
    }

    private static boolean hasNan(Tensor t) {
        return t.to(DType.FLOAT32).isfinite().logicalNot().any();
    }

    @Test
    void pureFp16AdamProducesNanBecauseEpsUnderflows() {
        // Adam's default eps=1e-8 is below fp16's smallest subnormal (2^-24 ≈ 6e-8): it rounds to 0
        assertEquals(0.0, Torch.scalar(1e-8).to(DType.FLOAT16).item(), 0.0);
        Tensor[] d = data();
        Linear m = model();
        m.to(DType.FLOAT16);
        Optimizer adam = new Adam(m.parameters(), 1e-2);
        try (TensorScope s = TensorScope.open()) {
            adam.zeroGrad();
            new MSELoss().forward(m.forward(d[0].to(DType.FLOAT16)), d[1].to(DType.FLOAT16)).backward();
            assertEquals(0.0, m.weight.grad().toDoubleArray()[3], 0.0, "the zero feature's weight gets grad 0");
            adam.step();
        }
        // exp_avg = 0, exp_avg_sq = 0, denom = sqrt(0) + eps = 0 in fp16: 0/0 = NaN
        assertTrue(Double.isNaN(m.weight.toDoubleArray()[3]), "weight[3] = " + m.weight.toDoubleArray()[3]);
        assertTrue(Double.isNaN(loss(m, d[0], d[1])));
    }

    @Test
    void masterWeightsTrainTheSameProblemCleanly() {
        Tensor[] d = data();
        Linear m = model();
        double w3 = m.weight.toDoubleArray()[3];
        HalfPrecision hp = HalfPrecision.wrap(m, Precision.FP16_TRUE, masters -> new Adam(masters, 1e-2));
        assertEquals(DType.FLOAT16, m.weight.dtype());
        assertEquals(DType.FLOAT32, hp.masterParams().get(0).dtype());
        double initial = loss(m, d[0], d[1]);
        int stepped = 0;
        for (int i = 0; i < 300; i++) {
            try (TensorScope s = TensorScope.open()) {
                hp.zeroGrad();
                hp.backward(new MSELoss().forward(m.forward(d[0].to(DType.FLOAT16)), d[1].to(DType.FLOAT16)));
                stepped += hp.step() ? 1 : 0;
            }
        }
        double fin = loss(m, d[0], d[1]);
        assertFalse(hasNan(m.weight) || hasNan(m.bias) || hasNan(hp.masterParams().get(0)));
        assertTrue(fin < 0.01 * initial, "loss " + initial + " -> " + fin);
        assertTrue(stepped >= 290, "stepped " + stepped + " of 300");
        // the always-zero gradient leaves its master weight exactly where it was (0 / (0 + 1e-8) = 0)
        assertEquals((float) w3, hp.masterParams().get(0).toFloatArray()[3], 0.0);
    }

    @Test
    void pureBf16SgdLosesSmallUpdatesMastersKeepThem() {
        // loss = sum(w): gradient 1, update lr = 1e-3, below half the bf16 spacing at 1.0 (2^-9)
        Linear pure = new Linear(1, 1, false);
        NoGrad.run(() -> pure.weight.fill_(1.0));
        pure.to(DType.BFLOAT16);
        Optimizer sgd = new SGD(pure.parameters(), 1e-3);
        Linear wrapped = new Linear(1, 1, false);
        NoGrad.run(() -> wrapped.weight.fill_(1.0));
        HalfPrecision hp = HalfPrecision.wrap(wrapped, DType.BFLOAT16, masters -> new SGD(masters, 1e-3));
        assertFalse(hp.scaler().isEnabled(), "bf16 has fp32's range: no loss scaling");
        for (int i = 0; i < 100; i++) {
            try (TensorScope s = TensorScope.open()) {
                sgd.zeroGrad();
                pure.weight.sum().backward();
                sgd.step();
                hp.zeroGrad();
                hp.backward(wrapped.weight.sum());
                assertTrue(hp.step());
            }
        }
        assertEquals(1.0, pure.weight.item(), 0.0, "every update rounded away");
        assertEquals(0.9, hp.masterParams().get(0).item(), 1e-5);
        assertEquals(Torch.scalar(0.9).to(DType.BFLOAT16).item(), wrapped.weight.item(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"BFLOAT16", "FLOAT16"})
    void masterUpdatesEqualAnFp32ReferenceWithinHalfTolerance(DType dtype) {
        Tensor[] d = data();
        Linear ref = model();
        Linear half = model();
        Map<String, Object> opts = Map.of("lr", 0.05, "momentum", 0.9);
        Optimizer refOpt = new SGD(ref.parameters(), opts);
        // fp16: a scale that does not overflow here, so that no step is skipped (skips are tested below;
        // the default 65536 overflows the first gradients of this problem and backs off)
        GradScaler scaler = new GradScaler(256.0, 2.0, 0.5, 2000, dtype == DType.FLOAT16);
        HalfPrecision hp = HalfPrecision.wrap(half, dtype, masters -> new SGD(masters, opts), scaler);
        double maxMove = 0;
        double maxErr = 0;
        float[] w0 = ref.weight.toFloatArray();
        for (int i = 0; i < 10; i++) {
            try (TensorScope s = TensorScope.open()) {
                refOpt.zeroGrad();
                new MSELoss().forward(ref.forward(d[0]), d[1]).backward();
                refOpt.step();
                hp.zeroGrad();
                hp.backward(new MSELoss().forward(half.forward(d[0].to(dtype)), d[1].to(dtype)));
                assertTrue(hp.step());
            }
            float[] r = ref.weight.toFloatArray();
            float[] mw = hp.masterParams().get(0).toFloatArray();
            for (int j = 0; j < r.length; j++) {
                maxErr = Math.max(maxErr, Math.abs(r[j] - mw[j]));
                maxMove = Math.max(maxMove, Math.abs(r[j] - w0[j]));
            }
            // the model holds the masters rounded to the half dtype
            assertTrue(half.weight.equal(hp.masterParams().get(0).to(dtype)));
        }
        // gradients computed in half precision: relative error ~ its epsilon (2^-8 bf16, 2^-11 fp16)
        double eps = dtype == DType.BFLOAT16 ? 0x1p-8 : 0x1p-11;
        assertTrue(maxMove > 0.5, "the reference moved " + maxMove);
        assertTrue(maxErr < 8 * eps * Math.max(1, maxMove), dtype + ": max |master - fp32| = " + maxErr);
    }

    @Test
    void fp16OverflowSkipsTheStepAndBacksOff() {
        Tensor[] d = data();
        Linear m = model();
        GradScaler big = new GradScaler(0x1p30, 2.0, 0.5, 2000, true);
        HalfPrecision hp = HalfPrecision.wrap(m, DType.FLOAT16, masters -> new SGD(masters, 0.1), big);
        float[] before = hp.masterParams().get(0).toFloatArray();
        try (TensorScope s = TensorScope.open()) {
            hp.backward(new MSELoss().forward(m.forward(d[0].to(DType.FLOAT16)), d[1].to(DType.FLOAT16)));
            assertFalse(hp.step(), "fp16 gradients times 2^30 overflow");
        }
        assertEquals(0x1p29, big.getScale());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(hp.masterParams().get(0).toFloatArray()));
        assertFalse(hasNan(m.weight));
    }

    @Test
    void rejectsBadUse() {
        Function<List<Tensor>, Optimizer> sgd = masters -> new SGD(masters, 0.1);
        assertThrows(IllegalArgumentException.class, () -> HalfPrecision.wrap(new Linear(2, 1), DType.FLOAT32, sgd));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> HalfPrecision.wrap(new Linear(2, 1), Precision.BF16_MIXED, sgd));
        assertTrue(mixed.getMessage().contains("bf16-true or 16-true"), mixed.getMessage());
        Linear other = new Linear(2, 1);
        IllegalArgumentException notMasters = assertThrows(IllegalArgumentException.class,
                () -> HalfPrecision.wrap(new Linear(2, 1), DType.BFLOAT16, masters -> new SGD(other.parameters(), 0.1)));
        assertTrue(notMasters.getMessage().contains("master parameters"), notMasters.getMessage());
        Linear frozen = new Linear(2, 1);
        frozen.requiresGrad(false);
        assertThrows(IllegalArgumentException.class, () -> HalfPrecision.wrap(frozen, DType.BFLOAT16, sgd));
        HalfPrecision hp = HalfPrecision.wrap(new Linear(2, 1), DType.BFLOAT16, sgd);
        assertThrows(IllegalStateException.class, hp::step);
        assertThrows(IllegalArgumentException.class, () -> hp.backward(Torch.ones(2)));
    }
}
