package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.Sequential;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.GoogLeNet;
import dev.trainkit.vision.models.GoogLeNetOutputs;
import dev.trainkit.vision.models.Inception3;
import dev.trainkit.vision.models.InceptionOutputs;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.SqueezeNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Head replacement per family (VGG shares AlexNet's classifier.6 code path and is left out: a
 * 130M-parameter model is too big for this test's budget).
 */
class HeadsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18, fc, 64",
        "resnext50_32x4d, fc, 64",
        "alexnet, classifier.6, 64",
        "squeezenet1_1, classifier.1, 64",
        "densenet121, classifier, 64",
        "inception_v3, fc|AuxLogits.fc, 75",
        "googlenet, fc|aux1.fc2|aux2.fc2, 64",
        "shufflenet_v2_x0_5, fc, 64",
        "mobilenet_v2, classifier.1, 64",
        "mobilenet_v3_small, classifier.3, 64",
        "mnasnet0_5, classifier.1, 64",
        "efficientnet_b0, classifier.1, 64",
        "efficientnet_v2_s, classifier.1, 64",
        "convnext_tiny, classifier.2, 64",
    })
    void replacesTheHeadsAndKeepsTheRest(String name, String heads, int size) {
        Module m = Models.create(name);
        List<String> expected = List.of(heads.split("\\|"));
        assertEquals(expected, Heads.paths(m));
        Map<String, Parameter> before = m.namedParameters();
        assertEquals(expected, Heads.replace(m, 7));
        Map<String, Parameter> after = m.namedParameters();
        assertEquals(new ArrayList<>(before.keySet()), new ArrayList<>(after.keySet()), "same names, same order");
        before.forEach((k, p) -> {
            boolean head = expected.stream().anyMatch(h -> k.startsWith(h + "."));
            if (head) {
                assertNotSame(p, after.get(k), k);
                assertEquals(7, after.get(k).size(0), k);
                assertTrue(after.get(k).requiresGrad());
            } else {
                assertSame(p, after.get(k), k + " kept");
            }
        });
        for (String h : expected) {
            Module fresh = m.getSubmodule(h);
            Tensor w = fresh instanceof Linear l ? l.weight : ((Conv2d) fresh).weight;
            // PyTorch's default init for a fresh layer: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            double bound = 1 / Math.sqrt(w.numel() / w.size(0));
            assertTrue(w.abs().max().item() <= bound, h + " initialised as a fresh layer");
        }
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {2, 7}, m.forward(Torch.randn(2, 3, size, size)).shape());
            if (m instanceof GoogLeNet g) {
                g.train();
                GoogLeNetOutputs o = g.forwardOutputs(Torch.randn(2, 3, size, size));
                assertArrayEquals(new long[] {2, 7}, o.auxLogits1().shape());
                assertArrayEquals(new long[] {2, 7}, o.auxLogits2().shape());
            }
        }
        if (m instanceof SqueezeNet s) {
            assertEquals(7, s.numClasses(), "num_classes stored as torchvision's tutorial does");
        }
    }

    @Test
    void inceptionAuxHeadIsReplacedToo() {
        Inception3 m = (Inception3) Models.create("inception_v3(init_weights=False)");
        Heads.replace(m, 3);
        assertEquals(3, ((Linear) m.getSubmodule("AuxLogits.fc")).outFeatures());
        Inception3 noAux = (Inception3) Models.create("inception_v3(aux_logits=False, init_weights=False)");
        assertEquals(List.of("fc"), Heads.replace(noAux, 3));
    }

    @Test
    void blocksForDiscriminativeLearningRates() {
        Module r = Models.create("resnet18");
        Map<String, List<String>> b = ModelBlocks.of(r);
        assertEquals(List.of("stem", "layer1", "layer2", "layer3", "layer4", "head"), new ArrayList<>(b.keySet()));
        List<ParamGroupSpec> g = ParamGroups.of(r).blocks(b).lrMultipliers(1e-3, 0.01, 0.1, 0.2, 0.3, 0.5, 1).build();
        assertEquals(6, g.size());
        assertEquals(3, g.get(0).params().size(), "conv1.weight, bn1.weight, bn1.bias");
        Module mv2 = Models.create("mobilenet_v2");
        Map<String, List<String>> mb = ModelBlocks.of(mv2);
        assertEquals("features.0", mb.keySet().iterator().next());
        assertEquals(List.of("classifier.1"), mb.get("head"));
        assertEquals(20, mb.size(), "features.0..18 and the head");
        assertEquals(20, ParamGroups.of(mv2).blocks(mb).layerDecay(1e-3, 0.8).build().size());
    }

    @Test
    void efficientNetBlocksAreStemStagesLastConvAndHead() {
        Module b0 = Models.create("efficientnet_b0");
        Map<String, List<String>> b = ModelBlocks.of(b0);
        // features.0 stem, features.1..7 the seven MBConv stages, features.8 the 1x1 conv, then the head
        assertEquals(List.of("features.0", "features.1", "features.2", "features.3", "features.4", "features.5",
                "features.6", "features.7", "features.8", "head"), new ArrayList<>(b.keySet()));
        assertEquals(List.of("classifier.1"), b.get("head"));
        List<ParamGroupSpec> g = ParamGroups.of(b0).blocks(b).layerDecay(1e-3, 0.8).build();
        assertEquals(10, g.size());
        assertEquals(b0.parameters().size(), g.stream().mapToInt(x -> x.params().size()).sum(), "every parameter once");
        Module v2 = Models.create("efficientnet_v2_s");
        assertEquals(9, ModelBlocks.of(v2).size(), "features.0, six stages, features.7, head");
    }

    @Test
    void convnextBlocksAreStemStagesWithTheirDownsamplingAndHead() {
        Module m = Models.create("convnext_tiny");
        Map<String, List<String>> b = ModelBlocks.of(m);
        assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4", "head"), new ArrayList<>(b.keySet()));
        assertEquals(List.of("features.0"), b.get("stem"));
        assertEquals(List.of("features.1"), b.get("stage1"));
        assertEquals(List.of("features.2", "features.3"), b.get("stage2"));
        assertEquals(List.of("features.4", "features.5"), b.get("stage3"));
        assertEquals(List.of("features.6", "features.7"), b.get("stage4"));
        assertEquals(List.of("classifier"), b.get("head"));
        List<ParamGroupSpec> g = ParamGroups.of(m).blocks(b).layerDecay(1e-3, 0.8).build();
        assertEquals(6, g.size());
        assertEquals(m.parameters().size(), g.stream().mapToInt(s -> s.params().size()).sum(), "every parameter once");
        assertEquals(4, g.get(0).params().size(), "stem conv weight/bias, LayerNorm2d weight/bias");
        assertEquals(4, g.get(5).params().size(), "classifier.0 LayerNorm2d and classifier.2 Linear");
        // LayerNorm2d is a LayerNorm: no weight decay on it with noWeightDecayOnBiasAndNorm (torchvision's
        // --norm-weight-decay 0.0); layer_scale keeps weight decay, as in torchvision's ConvNeXt recipe
        assertTrue(ParamGroups.isBiasOrNorm(m.getSubmodule("classifier.0"), "weight"));
        assertTrue(ParamGroups.isBiasOrNorm(m.getSubmodule("features.1.0.block.2"), "weight"));
        assertTrue(!ParamGroups.isBiasOrNorm(m.getSubmodule("features.1.0"), "layer_scale"));
        assertEquals(12, ParamGroups.of(m).blocks(b).layerDecay(1e-3, 0.8).noWeightDecayOnBiasAndNorm().build().size());
        // a custom setting ending in a downsampling layer: it joins the last stage
        Module custom = new dev.trainkit.vision.models.ConvNeXt(new long[][] {{8, 16, 1}, {16, 32, 1}}, 0, 1e-6, 3);
        Map<String, List<String>> cb = ModelBlocks.of(custom);
        assertEquals(List.of("features.2", "features.3", "features.4"), cb.get("stage2"));
        assertEquals(List.of("classifier.2"), Heads.paths(custom));
    }

    @Test
    void badInputsAreClearErrors() {
        Module r = Models.create("resnet18");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Heads.replace(r, "fcc", 3));
        assertTrue(e.getMessage().contains("no child 'fcc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Heads.replace(r, "layer1", 3));
        assertTrue(e.getMessage().contains("expected a Linear or a 1x1 Conv2d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Heads.replace(r, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Heads.paths(new Sequential(new Linear(2, 2))));
        assertTrue(e.getMessage().contains("Heads.replace(model, \"fc\", n)"), e.getMessage());
        Module custom = new Sequential(new Linear(2, 3), new Linear(3, 4));
        Heads.replace(custom, "1", 5);
        assertEquals(5, ((Linear) custom.getSubmodule("1")).outFeatures());
    }
}
