package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.io.PthReader;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.finetune.Pretrained;
import dev.trainkit.vision.models.weights.ViTB16Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiny torchvision VisionTransformer (goldens from tools/golden/gen_vit.py): eval logits,
 * training-mode logits and gradients, position-embedding interpolation on load (as
 * torchvision's interpolate_embeddings), the pre_logits head; builder arguments and errors.
 */
class VisionTransformerTest {
    private static final double RTOL = 1e-4;

    private static Map<String, Tensor> golden(String name) throws Exception {
        return PthReader.loadStateDict(Path.of(VisionTransformerTest.class.getResource("/golden/zoo/vit/" + name)
                .toURI()));
    }

    /** image_size, patch 4, 2 layers, 2 heads, hidden 16, mlp 24, 5 classes, as the generator's TINY. */
    private static VisionTransformer tiny(long imageSize, String kase) {
        return new VisionTransformer(imageSize, 4, 2, 2, 16, 24, 0.0, 0.0, 5, kase.equals("pre_logits") ? 12L : null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "pre_logits"})
    void evalTrainGradientsAndInterpolationMatchTorchvision(String kase) throws Exception {
        Map<String, Tensor> state = golden(kase + "_state.pth");
        Map<String, Tensor> io = golden(kase + "_io.pth");
        VisionTransformer m = tiny(16, kase);
        assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(m.stateDict().keySet()), "keys in order");
        assertTrue(m.loadStateDict(state, true).isClean());
        try (TensorScope s = TensorScope.open()) {
            m.eval();
            try (NoGrad ng = NoGrad.enter()) {
                ZooParityTest.assertClose("eval logits", io.get("eval/logits"), m.forward(io.get("input")));
            }
            m.train();
            Tensor x = io.get("input").clone().requiresGrad_(true);
            Tensor out = m.forward(x);
            ZooParityTest.assertClose("train logits", io.get("train/logits"), out);
            out.mul(io.get("g")).sum().backward();
            ZooParityTest.assertClose("grad input", io.get("grad/input"), x.grad());
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                ZooParityTest.assertClose("grad " + e.getKey(), io.get("grad/" + e.getKey()), e.getValue().grad());
            }
        }
        // a state dict from image_size=16 (4x4 grid) into a model for 24 (6x6): interpolated on load
        VisionTransformer big = tiny(24, kase);
        assertTrue(big.loadStateDict(state, true).isClean());
        ZooParityTest.assertClose("interpolated pos_embedding", io.get("interp/pos_embedding"),
                big.stateDict().get("encoder.pos_embedding"));
        big.eval();
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            ZooParityTest.assertClose("interpolated logits", io.get("interp/logits"),
                    big.forward(io.get("interp/input")));
        }
    }

    @Test
    void legacyMlpKeysLoadUnderTheNewNames() throws Exception {
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(golden("plain_state.pth"));
        for (String k : List.copyOf(state.keySet())) {
            if (k.contains(".mlp.")) {
                String legacy = k.replace(".mlp.0.", ".mlp.linear_1.").replace(".mlp.3.", ".mlp.linear_2.");
                state.put(legacy, state.remove(k));
            }
        }
        assertTrue(state.containsKey("encoder.layers.encoder_layer_0.mlp.linear_1.weight"));
        VisionTransformer m = tiny(16, "plain");
        assertTrue(m.loadStateDict(state, true).isClean());
        assertTrue(m.stateDict().get("encoder.layers.encoder_layer_1.mlp.3.bias")
                .equal(golden("plain_state.pth").get("encoder.layers.encoder_layer_1.mlp.3.bias")));
    }

    @Test
    void builderArgumentsAndInit() {
        Module m = Models.create("vit_b_32(image_size=64, num_classes=7, representation_size=20, dropout=0.1)");
        Map<String, Tensor> sd = m.stateDict();
        assertArrayEquals(new long[] {1, 5, 768}, sd.get("encoder.pos_embedding").shape(), "2x2 grid + class token");
        assertArrayEquals(new long[] {20, 768}, sd.get("heads.pre_logits.weight").shape());
        assertArrayEquals(new long[] {7, 20}, sd.get("heads.head.weight").shape());
        assertEquals(0.0, sd.get("heads.head.weight").abs().max().item(), "head zero-initialised");
        assertEquals(0.0, sd.get("class_token").abs().max().item());
        double[] pe = sd.get("encoder.pos_embedding").toDoubleArray();
        double std = Math.sqrt(java.util.Arrays.stream(pe).map(v -> v * v).average().orElse(0));
        assertTrue(std > 0.015 && std < 0.025, "pos_embedding ~ N(0, 0.02^2), std " + std);
        assertEquals(List.of("num_classes", "image_size", "dropout", "attention_dropout", "representation_size"),
                Models.info("vit_h_14").arguments());
        assertEquals("vit", Models.info("vit_l_16").family());
        try (TensorScope s = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(new long[] {2, 7}, m.forward(Torch.randn(2, 3, 64, 64)).shape());
        }
    }

    @Test
    void pretrainedWeightsBuildTheModelAtTheirSize() {
        ViTB16Weights w = ViTB16Weights.IMAGENET1K_SWAG_E2E_V1;
        assertEquals("bicubic", w.transforms().interpolation());
        assertEquals(384, w.transforms().cropSize());
        VisionTransformer m = (VisionTransformer) Pretrained.build(w);   // as torchvision: image_size = min_size
        assertEquals(384, m.imageSize());
        assertEquals(w.numParams(), m.parameterCount(false), "SWAG 384 weights' parameter count");
    }

    @Test
    void badSizesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create("vit_b_16(image_size=200)"));
        assertTrue(e.getMessage().contains("image_size must be a multiple of patch_size")
                && e.getMessage().contains("192") && e.getMessage().contains("208"), e.getMessage());
        VisionTransformer m = tiny(16, "plain");
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(1, 3, 20, 20)));
        assertTrue(e.getMessage().contains("image_size=16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(1, 1, 16, 16)));
        assertTrue(e.getMessage().contains("(N, 3, 16, 16)"), e.getMessage());
        assertThrows(SpecException.class, () -> Models.create("vit_b_16(patch_size=8)"));
        e = assertThrows(IllegalArgumentException.class, () -> Models.create("vit_b_32(image_size=64, dropout=2)"));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        // a grid that is not square cannot be interpolated
        Map<String, Tensor> sd = new java.util.LinkedHashMap<>(m.stateDict());
        sd.put("encoder.pos_embedding", Torch.zeros(1, 1 + 12, 16));
        e = assertThrows(IllegalArgumentException.class, () -> tiny(24, "plain").loadStateDict(sd, true));
        assertTrue(e.getMessage().contains("not a square grid"), e.getMessage());
        // a checkpoint of another architecture: strict loading names the missing and unexpected keys
        Module resnet = Models.create("resnet18");
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(resnet.stateDict(), true));
        assertTrue(e.getMessage().contains("class_token"), e.getMessage());
    }
}
