package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.VisionTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ViT fine-tuning: head heads.head (after pre_logits), blocks per encoder layer for layer-wise lr
 * decay, and no weight decay on the class token and position embedding (torchvision's
 * --transformer-embedding-decay 0).
 */
class ViTFineTuningTest {
    private static VisionTransformer tiny(Long representationSize) {
        return new VisionTransformer(16, 4, 3, 2, 16, 24, 0.0, 0.0, 5, representationSize);
    }

    @Test
    void headIsHeadsHeadWithOrWithoutPreLogits() {
        for (Long rep : new Long[] {null, 12L}) {
            VisionTransformer m = tiny(rep);
            assertEquals(List.of("heads.head"), Heads.paths(m));
            assertEquals(List.of("heads.head"), Heads.replace(m, 9));
            Linear head = (Linear) m.getSubmodule("heads.head");
            assertEquals(rep == null ? 16 : 12, head.inFeatures());
            assertEquals(9, head.outFeatures());
            try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
                m.eval();
                assertArrayEquals(new long[] {2, 9}, m.forward(Torch.randn(2, 3, 16, 16)).shape());
            }
        }
    }

    @Test
    void blocksAreTheEncoderLayersForLayerwiseDecay() {
        VisionTransformer m = tiny(null);
        Map<String, List<String>> b = ModelBlocks.of(m);
        assertEquals(List.of("stem", "encoder_layer_0", "encoder_layer_1", "encoder_layer_2", "head"),
                new ArrayList<>(b.keySet()));
        assertEquals(List.of("encoder.ln", "heads"), b.get("head"));
        List<ParamGroupSpec> g = ParamGroups.of(m).blocks(b).layerDecay(1e-3, 0.5).build();
        assertEquals(5, g.size());
        assertEquals(m.parameters().size(), g.stream().mapToInt(x -> x.params().size()).sum(), "every parameter once");
        assertEquals(4, g.get(0).params().size(), "conv_proj weight and bias, class token, position embedding");
        Module vit = Models.create("vit_b_32(image_size=64)");
        assertEquals(14, ModelBlocks.of(vit).size(), "stem, 12 encoder layers, head");
    }

    @Test
    void classTokenAndPositionEmbeddingGetNoWeightDecay() {
        VisionTransformer m = tiny(null);
        Map<String, ParamGroupSpec> g = ParamGroups.of(m).blocks(ModelBlocks.of(m)).noWeightDecayOnBiasAndNorm()
                .buildNamed();
        Map<String, Parameter> p = m.namedParameters();
        List<Tensor> stemNoDecay = g.get("stem/no_decay").params();
        assertTrue(stemNoDecay.contains(p.get("class_token")), "class_token");
        assertTrue(stemNoDecay.contains(p.get("encoder.pos_embedding")), "pos_embedding");
        assertTrue(stemNoDecay.contains(p.get("conv_proj.bias")), "bias");
        assertEquals(List.of(p.get("conv_proj.weight")), g.get("stem").params(), "only the patch conv decays");
        assertEquals(0.0, g.get("stem/no_decay").options().get("weight_decay"));
    }
}
