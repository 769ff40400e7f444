package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * AutoAugment, RandAugment, TrivialAugmentWide and AugMix replayed with the draws torchvision
 * made (logged by tools/golden/gen_augment.py): same draws in the same order, and the same image
 * within 1 uint8 level. The transforms are built from the logged spec strings through
 * {@link Transforms}, so the registry's defaults are checked too.
 */
class AutoAugmentPolicyGoldenTest {

    @Test
    void policiesReplayTorchvisionsDrawsAndOutputs() {
        JsonNode runs = AugmentGoldenTest.G.get("policies");
        Tensor u8 = AugmentGoldenTest.U8;
        Tensor upsideDown = NativeInterop.call("flip", () -> torch.flip(NativeInterop.handle(u8), 1L), u8);
        Tensor batch = Torch.stack(List.of(u8, upsideDown), 0);
        Set<String> specs = new HashSet<>();
        int count = 0;
        for (JsonNode run : runs) {
            String spec = run.get("spec").asText();
            RandomTransform t = (RandomTransform) Transforms.create(spec);
            Tensor in = run.get("input_batched").asBoolean() ? batch : AugmentGoldenTest.U8;
            ScriptedDraws draws = new ScriptedDraws(run.get("draws"));
            Tensor out = t.apply(in, draws);
            assertTrue(draws.exhausted(), spec + " run " + count + ": fewer draws than torchvision");
            double d = AugmentGoldenTest.maxDiff(spec, run.get("output"), out);
            assertTrue(d <= 1, spec + " run " + count + ": max |diff| " + d + " > 1");
            specs.add(spec);
            count++;
        }
        assertEquals(8, specs.size());
        assertTrue(count >= 50, "runs: " + count);
    }
}
