package dev.trainkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.vision.models.Models;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlopCounterTest {

    @Test
    void convAndLinearMacsFollowTheDefinition() {
        // Conv2d(3, 4, 3, stride=2, padding=1) on [2, 3, 8, 8] -> [2, 4, 4, 4]; Linear(64, 5)
        Conv2d conv = new Conv2d(3, 4, 3, 2, 1);
        Linear fc = new Linear(4 * 4 * 4, 5);
        Module model = new Sequential(conv, new ReLU(), new Flatten(), fc);
        long batch = 2;
        long outH = (8 + 2 * 1 - 3) / 2 + 1;                               // 4
        long convMacs = batch * 4 * outH * outH * (3 * 3 * 3);             // each output: C_in * k * k MACs
        long fcMacs = batch * 5 * 64;                                      // each output: in_features MACs
        Map<String, Long> byModule = FlopCounter.macsByModule(model, batch, 3, 8, 8);
        assertEquals(Map.of("0", convMacs, "3", fcMacs), byModule);
        assertEquals(convMacs + fcMacs, FlopCounter.forwardMacs(model, batch, 3, 8, 8));
        // the model is left as it was: same children, still in training mode
        assertSame(conv, model.child("0"));
        assertSame(fc, model.child("3"));
        assertTrue(model.isTraining());
    }

    @Test
    void groupedConvolutionCountsInChannelsPerGroup() {
        Conv2d conv = new Conv2d(4, 6, new long[] {3}, new long[] {1}, new long[] {0}, new long[] {1}, 2, true, "zeros");
        Module model = new Sequential(conv);
        long expected = 1L * 6 * 3 * 3 * (4 / 2) * 3 * 3;                  // out 3x3, C_in/groups = 2
        assertEquals(expected, FlopCounter.forwardMacs(model, 1, 4, 5, 5));
    }

    @Test
    void resnet18MacsMatchTorchvisionHooks() {
        // tools/bench/resnet18_macs.py: forward hooks on torchvision 0.14's resnet18 (Debian PyTorch 1.13);
        // 1,814,073,344 is torchvision's documented 1.814 GFLOPS for ResNet18_Weights at 224
        assertEquals(484_852_736L, FlopCounter.forwardMacs(Models.create("resnet18(num_classes=10)"), 1, 3, 112, 112));
        assertEquals(1_814_073_344L, FlopCounter.forwardMacs(Models.create("resnet18"), 1, 3, 224, 224));
    }

    @Test
    void modelWithoutConvOrLinearIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlopCounter.forwardMacs(new Sequential(new ReLU()), 1, 3));
        assertTrue(e.getMessage().contains("no Conv1d, Conv2d or Linear"), e.getMessage());
    }
}
