package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.segmentation.UNet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feature stages of RegNet ({@code stem}, {@code trunk_output.blockN}) and Swin (the four stages,
 * channels-last inside, NCHW out): names, channels, strides, the maps they produce, the deepest
 * one feeding the classifier to the same logits, unknown names, and Swin as a U-Net encoder.
 */
class RegNetSwinFeaturesTest {

    @Test
    void regnetStagesAreTheStemAndTheTrunkBlocks() {
        Module m = Models.create("regnet_x_400mf").eval();
        List<FeatureStage> stages = Features.stages(m);
        assertEquals(List.of("stem", "trunk_output.block1", "trunk_output.block2", "trunk_output.block3",
                "trunk_output.block4"), Features.names(m));
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L), stages.stream().map(FeatureStage::reduction).toList());
        assertEquals(32, stages.get(0).channels());
        assertEquals(((RegNet) m).numFeatures(), stages.get(4).channels());
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(1, 3, 64, 64);
            Map<String, Tensor> f = Features.extract(m, x);
            for (FeatureStage s : stages) {
                assertArrayEquals(new long[] {1, s.channels(), 64 / s.reduction(), 64 / s.reduction()},
                        f.get(s.name()).shape(), s.name());
            }
            Tensor deepest = f.get("trunk_output.block4");
            ZooParityTest.assertClose("regnet from block4", m.forward(x),
                    m.child("fc").forward(m.child("avgpool").forward(deepest).flatten(1, -1)));
        }
    }

    @Test
    void swinStagesAreNchwMapsOfTheFourStages() {
        Module m = Models.create("swin_t").eval();
        List<FeatureStage> stages = Features.stages(m);
        assertEquals(List.of("features.1", "features.3", "features.5", "features.7"), Features.names(m));
        assertEquals(List.of(96L, 192L, 384L, 768L), stages.stream().map(FeatureStage::channels).toList());
        assertEquals(List.of(4L, 8L, 16L, 32L), stages.stream().map(FeatureStage::reduction).toList());
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(1, 3, 64, 64);
            Map<String, Tensor> f = Features.extract(m, x, "features.3", "features.7");
            assertEquals(List.of("features.3", "features.7"), List.copyOf(f.keySet()));
            assertArrayEquals(new long[] {1, 192, 8, 8}, f.get("features.3").shape());
            assertArrayEquals(new long[] {1, 768, 2, 2}, f.get("features.7").shape());
            // NCHW back to NHWC, then the model's own tail: the same logits
            Tensor nhwc = f.get("features.7").permute(0, 2, 3, 1);
            Tensor logits = m.child("head").forward(m.child("flatten").forward(m.child("avgpool").forward(
                    m.child("permute").forward(m.child("norm").forward(nhwc)))));
            ZooParityTest.assertClose("swin from features.7", m.forward(x), logits);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Features.extract(m, x, "features.2"));
            assertTrue(e.getMessage().contains("no feature stage [features.2]")
                    && e.getMessage().contains("features.1, features.3, features.5, features.7"), e.getMessage());
        }
    }

    @Test
    void swinAsUNetEncoder() {
        UNet u = new UNet("swin_t", 2);
        assertTrue(u.stateDict().containsKey("encoder.features.1.0.attn.relative_position_bias_table"));
        u.eval();
        try (NoGrad ng = NoGrad.enter()) {
            assertArrayEquals(new long[] {1, 2, 40, 50}, u.forward(Torch.randn(1, 3, 40, 50)).shape());
        }
    }
}
