package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lightning's precision names (lightning.fabric.connector._PRECISION_INPUT) and what each implies. */
class PrecisionTest {

    @Test
    void namesAreLightnings() {
        assertEquals(List.of("32", "bf16-mixed", "16-mixed", "bf16-true", "16-true"), Precision.names());
        for (Precision p : Precision.values()) {
            assertEquals(p, Precision.of(p.lightningName()));
            assertEquals(p.lightningName(), p.toString());
        }
        // Lightning's canonical "32-true" and its legacy aliases "16" and "bf16" (both mixed)
        assertEquals(Precision.FP32, Precision.of("32-true"));
        assertEquals(Precision.FP16_MIXED, Precision.of("16"));
        assertEquals(Precision.BF16_MIXED, Precision.of(" BF16 "));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.of("bf16_mixed"));
        assertEquals("precision: expected one of [32, bf16-mixed, 16-mixed, bf16-true, 16-true], got 'bf16_mixed'"
                + " (did you mean 'bf16-mixed'?); or 'auto' to pick by hardware", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Precision.of("64"));
        assertThrows(NullPointerException.class, () -> Precision.of(null));
    }

    @Test
    void describesDtypesAndScaling() {
        assertEquals(DType.FLOAT32, Precision.FP32.paramDtype());
        assertNull(Precision.FP32.autocastDtype());
        assertFalse(Precision.FP32.usesGradScaler());
        assertEquals(DType.BFLOAT16, Precision.BF16_MIXED.autocastDtype());
        assertEquals(DType.FLOAT32, Precision.BF16_MIXED.paramDtype());
        assertFalse(Precision.BF16_MIXED.usesGradScaler());
        assertEquals(DType.FLOAT16, Precision.FP16_MIXED.autocastDtype());
        assertTrue(Precision.FP16_MIXED.usesGradScaler());
        assertEquals(DType.BFLOAT16, Precision.BF16_TRUE.paramDtype());
        assertTrue(Precision.BF16_TRUE.isTrueHalf());
        assertFalse(Precision.BF16_TRUE.isMixed());
        assertEquals(DType.FLOAT16, Precision.FP16_TRUE.paramDtype());
        assertTrue(Precision.FP16_TRUE.usesGradScaler());
        assertFalse(Precision.FP16_MIXED.isTrueHalf());
        for (Precision p : Precision.values()) {
            assertEquals(p == Precision.FP16_MIXED || p == Precision.FP16_TRUE, p.newGradScaler().isEnabled(), p.toString());
        }
    }

    @Test
    void autocastRegionFollowsThePrecision() {
        Tensor a = Torch.randn(4, 8);
        try (Autocast ac = Precision.BF16_MIXED.autocast(Device.CPU)) {
            assertEquals(DType.BFLOAT16, a.matmul(a.transpose(0, 1)).dtype());
        }
        try (Autocast ac = Precision.FP16_MIXED.autocast(Device.CPU)) {
            assertEquals(DType.FLOAT16, a.matmul(a.transpose(0, 1)).dtype());
        }
        try (Autocast ac = Precision.FP32.autocast(Device.CPU)) {
            assertEquals(DType.FLOAT32, a.matmul(a.transpose(0, 1)).dtype());
        }
        // the no-autocast precisions change nothing, even inside an enclosing region
        try (Autocast outer = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
            try (Autocast ac = Precision.BF16_TRUE.autocast(Device.CPU)) {
                assertEquals(DType.BFLOAT16, a.matmul(a.transpose(0, 1)).dtype());
            }
            assertTrue(Autocast.isEnabled(Device.CPU));
        }
        assertFalse(Autocast.isEnabled(Device.CPU));
    }

    /** The one-line switch: the same loop trains in 32, bf16-mixed and 16-mixed (with its GradScaler). */
    @ParameterizedTest
    @EnumSource(names = {"FP32", "BF16_MIXED", "FP16_MIXED"})
    void sameLoopTrainsInEveryNonTruePrecision(Precision precision) {
        Torch.manualSeed(3);
        Tensor x = Torch.randn(64, 8);
        Tensor y = x.matmul(Torch.randn(8, 1));
        Linear model = new Linear(8, 1);
        SGD opt = new SGD(model.parameters(), 0.1);
        GradScaler scaler = precision.newGradScaler();
        double first = 0;
        double last = 0;
        int skipped = 0;
        for (int i = 0; i < 60; i++) {
            try (TensorScope s = TensorScope.open()) {
                opt.zeroGrad();
                Tensor loss;
                try (Autocast ac = precision.autocast(Device.CPU)) {
                    loss = new MSELoss().forward(model.forward(x), y);
                }
                assertEquals(DType.FLOAT32, loss.dtype(), "mse_loss runs in fp32 under autocast");
                scaler.scale(loss).backward();
                assertEquals(DType.FLOAT32, model.weight.grad().dtype());
                skipped += scaler.step(opt) ? 0 : 1;
                scaler.update();
                last = loss.item();
                first = i == 0 ? last : first;
            }
        }
        assertTrue(last < 0.05 * first, precision + ": loss " + first + " -> " + last);
        assertEquals(DType.FLOAT32, model.weight.dtype());
        assertFalse(model.weight.isfinite().logicalNot().any(), "finite weights");
        if (!precision.usesGradScaler()) {
            assertEquals(0, skipped);
            assertEquals(1.0, scaler.getScale());
        } else {
            assertTrue(skipped < 10, "skipped " + skipped);
        }
    }
}
