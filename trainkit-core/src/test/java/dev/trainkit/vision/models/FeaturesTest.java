package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.io.PthReader;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Feature stages per family: names, channels and reductions agree with the maps the model
 * produces, the deepest stage feeds the classifier to the model's own logits, ViT grids match
 * torchvision's module outputs (tools/golden/gen_vit.py), and bad stage names are clear errors.
 */
class FeaturesTest {

    /** Names, channels and reductions: the output shapes torchvision 0.14 gives for a 64x64 input. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "resnet18|relu,layer1,layer2,layer3,layer4|64,64,128,256,512|2,4,8,16,32",
        "resnet50(replace_stride_with_dilation=[False, True, True])|relu,layer1,layer2,layer3,layer4"
                + "|64,256,512,1024,2048|2,4,8,8,8",
        "convnext_tiny|features.1,features.3,features.5,features.7|96,192,384,768|4,8,16,32",
        "efficientnet_b0|features.1,features.2,features.3,features.5,features.8|16,24,40,112,1280|2,4,8,16,32",
        "mobilenet_v2|features.1,features.3,features.6,features.13,features.18|16,24,32,96,1280|2,4,8,16,32",
        "mobilenet_v3_small|features.0,features.1,features.3,features.8,features.12|16,16,24,48,576|2,4,8,16,32",
    })
    void stagesDescribeTheMapsTheModelProduces(String spec, String names, String channels, String reductions) {
        Module m = Models.create(spec);
        m.eval();
        List<FeatureStage> stages = Features.stages(m);
        assertEquals(List.of(names.split(",")), Features.names(m));
        assertEquals(List.of(channels.split(",")), stages.stream().map(s -> Long.toString(s.channels())).toList());
        assertEquals(List.of(reductions.split(",")), stages.stream().map(s -> Long.toString(s.reduction())).toList());
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(1, 3, 64, 64);
            Map<String, Tensor> f = Features.extract(m, x);
            assertEquals(Features.names(m), new ArrayList<>(f.keySet()));
            for (FeatureStage st : stages) {
                Tensor t = f.get(st.name());
                assertEquals(st.channels(), t.size(1), st.name() + " channels");
                assertEquals(64 / st.reduction(), t.size(2), st.name() + " height");
                assertEquals(64 / st.reduction(), t.size(3), st.name() + " width");
            }
        }
    }

    @Test
    void theDeepestStageFeedsTheClassifier() {
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(2, 3, 64, 64);
            Module r = Models.create("resnet18").eval();
            Tensor l4 = Features.extract(r, x, "layer4").get("layer4");
            Tensor logits = r.child("fc").forward(r.child("avgpool").forward(l4).flatten(1, -1));
            ZooParityTest.assertClose("resnet18 from layer4", r.forward(x), logits);
            Module c = Models.create("convnext_tiny").eval();
            Tensor f7 = Features.extract(c, x, "features.7").get("features.7");
            ZooParityTest.assertClose("convnext from features.7", c.forward(x),
                    c.child("classifier").forward(c.child("avgpool").forward(f7)));
            Module mv2 = Models.create("mobilenet_v2").eval();
            Tensor f = Features.extract(mv2, x, "features.18").get("features.18");
            Tensor pooled = dev.trainkit.nn.F.adaptiveAvgPool2d(f, new long[] {1, 1}).flatten(1, -1);
            ZooParityTest.assertClose("mobilenet_v2 from features.18", mv2.forward(x),
                    mv2.child("classifier").forward(pooled));
        }
    }

    @Test
    void vitStagesAreTorchvisionsTokensOnThePatchGrid() throws Exception {
        Path dir = Path.of(FeaturesTest.class.getResource("/golden/zoo/vit").toURI());
        Map<String, Tensor> io = PthReader.loadStateDict(dir.resolve("plain_io.pth"));
        VisionTransformer m = new VisionTransformer(16, 4, 2, 2, 16, 24, 0.0, 0.0, 5, null);
        assertTrue(m.loadStateDict(PthReader.loadStateDict(dir.resolve("plain_state.pth")), true).isClean());
        m.eval();
        assertEquals(List.of("encoder.layers.encoder_layer_0", "encoder.layers.encoder_layer_1", "encoder.ln"),
                Features.names(m));
        assertEquals(4, Features.stages(m).get(0).reduction());
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Map<String, Tensor> f = Features.extract(m, io.get("input"), "encoder.layers.encoder_layer_0",
                    "encoder.ln");
            for (String node : f.keySet()) {
                ZooParityTest.assertClose("ViT " + node, io.get("features/" + node), f.get(node));
            }
        }
    }

    @Test
    void badStagesAndModelsAreClearErrors() {
        Module r = Models.create("resnet18");
        Tensor x = Torch.randn(1, 3, 32, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Features.extract(r, x, "layer5"));
        assertTrue(e.getMessage().contains("no feature stage [layer5]")
                && e.getMessage().contains("valid stages: relu, layer1, layer2, layer3, layer4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.extract(r, x, "layer1", "layer1"));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
        Module d = Models.create("densenet121");
        e = assertThrows(IllegalArgumentException.class, () -> Features.extract(d, x, "features.transition1"));
        assertTrue(e.getMessage().contains("valid stages: features.relu0, features.denseblock1, features.denseblock2,"
                + " features.denseblock3, features.norm5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.stages(new Sequential(new Linear(2, 2))));
        assertTrue(e.getMessage().contains("not a model-zoo model"), e.getMessage());
    }
}
