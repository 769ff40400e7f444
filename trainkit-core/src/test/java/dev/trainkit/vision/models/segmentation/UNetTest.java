package dev.trainkit.vision.models.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainkit.io.PthReader;
import dev.trainkit.nn.LoadResult;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UNetTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void logitsHaveTheInputResolutionForMultiplesOf32AndOtherSizes() {
        UNet binary = new UNet(1);
        UNet multi = new UNet(4, new long[] {64, 32, 32, 16, 8});
        binary.eval();
        multi.eval();
        long[][] sizes = {{32, 32}, {64, 96}, {50, 70}, {17, 33}, {8, 8}, {1, 1}};
        try (NoGrad ng = NoGrad.enter()) {
            for (long[] hw : sizes) {
                Tensor x = Torch.randn(2, 3, hw[0], hw[1]);
                assertArrayEquals(new long[] {2, 1, hw[0], hw[1]}, binary.forward(x).shape(), hw[0] + "x" + hw[1]);
                assertArrayEquals(new long[] {2, 4, hw[0], hw[1]}, multi.forward(x).shape(), hw[0] + "x" + hw[1]);
            }
        }
    }

    @Test
    void paddingToMultiplesOf32DoesNotChangeTheLogitsOfAnAlreadyPaddedInput() {
        // a 40x40 input is padded with zeros to 64x64: the same as feeding the padded input and cropping
        UNet m = new UNet(2);
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(1, 3, 40, 40);
            Tensor padded = dev.trainkit.nn.F.pad(x, new long[] {0, 24, 0, 24}, "constant", 0);
            Tensor a = m.forward(x);
            Tensor b = m.forward(padded).narrow(2, 0, 40).narrow(3, 0, 40);
            assertTrue(a.allclose(b, 1e-5, 1e-5));
        }
    }

    @Test
    void trainingStepGivesEveryParameterAGradient() {
        UNet m = new UNet(1);
        Tensor loss = m.forward(Torch.randn(2, 3, 32, 32)).pow(2).mean();
        loss.backward();
        List<String> without = new ArrayList<>();
        m.namedParameters().forEach((k, p) -> {
            if (p.grad() == null) {
                without.add(k);
            }
        });
        assertEquals(List.of(), without);
    }

    @Test
    void encoderKeysAreTorchvisionResnet18sWithoutFcUnderEncoder() throws Exception {
        List<String> golden = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/golden/zoo/keys/resnet18.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(" ", -1);
                if (!f[0].startsWith("fc.")) {
                    golden.add("encoder." + f[0] + " " + f[1] + " " + f[2]);
                }
            }
        }
        List<String> ours = new ArrayList<>();
        new UNet(3).stateDict().forEach((k, t) -> {
            if (k.startsWith("encoder.")) {
                StringBuilder shape = new StringBuilder();
                for (long d : t.shape()) {
                    shape.append(shape.length() == 0 ? "" : ",").append(d);
                }
                ours.add(k + " " + t.dtype() + " " + shape);
            }
        });
        assertEquals(120, golden.size(), "resnet18 has 122 entries, 2 of them fc");
        assertEquals(golden, ours);
    }

    @Test
    void loadEncoderStateDictIgnoresFcAndIsStrictOnTheRest() {
        UNet m = new UNet(1);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        new UNet(1).encoder().stateDict().forEach((k, v) -> sd.put(k, v.clone()));
        sd.put("fc.weight", Torch.zeros(1000, 512));
        sd.put("fc.bias", Torch.zeros(1000));
        LoadResult r = m.loadEncoderStateDict(sd);
        assertTrue(r.isClean());
        assertTrue(m.encoder().stateDict().get("layer3.1.conv2.weight").equal(sd.get("layer3.1.conv2.weight")));

        Map<String, Tensor> missing = new LinkedHashMap<>(sd);
        missing.remove("layer2.0.downsample.0.weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadEncoderStateDict(missing));
        assertTrue(e.getMessage().contains("layer2.0.downsample.0.weight"), e.getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(sd);
        extra.put("layer5.0.conv1.weight", Torch.zeros(1));
        e = assertThrows(IllegalArgumentException.class, () -> m.loadEncoderStateDict(extra));
        assertTrue(e.getMessage().contains("layer5.0.conv1.weight"), e.getMessage());
    }

    @Test
    void torchvisionResnet18WeightsGiveTorchvisionsFeatures() throws Exception {
        assumeTrue(pythonWithTorchvision(), PYTHON + " with torchvision is not installed; skipping the parity check");
        Path pth = dir.resolve("resnet18.pth");
        Path x = dir.resolve("x.npy");
        Path f2 = dir.resolve("f2.npy");
        Path f4 = dir.resolve("f4.npy");
        python(String.join("\n",
                "import sys, numpy, torch, torchvision",
                "torch.manual_seed(0)",
                "m = torchvision.models.resnet18().eval()",
                "for mod in m.modules():",
                "    if isinstance(mod, torch.nn.BatchNorm2d):",   // non-trivial running statistics
                "        mod.running_mean.uniform_(-0.5, 0.5); mod.running_var.uniform_(0.5, 2.0)",
                "torch.save(m.state_dict(), sys.argv[1])",
                "x = torch.randn(2, 3, 64, 64)",
                "with torch.no_grad():",
                "    h = m.relu(m.bn1(m.conv1(x)))",
                "    f2 = m.layer2(m.layer1(m.maxpool(h)))",
                "    f4 = m.layer4(m.layer3(f2))",
                "numpy.save(sys.argv[2], x.numpy()); numpy.save(sys.argv[3], f2.numpy()); numpy.save(sys.argv[4], f4.numpy())"),
                pth.toString(), x.toString(), f2.toString(), f4.toString());
        UNet m = new UNet(1);
        assertTrue(m.loadEncoderStateDict(PthReader.loadStateDict(pth)).isClean());
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            List<Tensor> f = m.encoderFeatures(Npy.load(x));
            Tensor want2 = Npy.load(f2);
            Tensor want4 = Npy.load(f4);
            assertArrayEquals(want2.shape(), f.get(2).shape());
            assertArrayEquals(want4.shape(), f.get(4).shape());
            assertTrue(f.get(2).allclose(want2, 1e-4, 1e-4), "layer2 features");
            assertTrue(f.get(4).allclose(want4, 1e-4, 1e-4), "layer4 features");
        }
    }

    @Test
    void badInputsAndOptionsAreClearErrors() {
        UNet m = new UNet(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(1, 1, 32, 32)));
        assertTrue(e.getMessage().contains("[N, 3, H, W]") && e.getMessage().contains("[1, 1, 32, 32]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(3, 32, 32)));
        assertTrue(e.getMessage().contains("[N, 3, H, W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UNet(0));
        assertThrows(IllegalArgumentException.class, () -> new UNet(2, new long[] {1, 2, 3}));
    }

    @Test
    void encoderBySpecUsesItsFeatureStagesAndTorchvisionKeys() {
        UNet m = new UNet("convnext_tiny", 3);
        Map<String, Tensor> sd = m.stateDict();
        assertTrue(sd.containsKey("encoder.features.7.2.layer_scale"), "torchvision's names under encoder.");
        assertTrue(sd.keySet().stream().noneMatch(k -> k.startsWith("encoder.classifier.2.")), "head replaced");
        // convnext has no stride-2 stage: decoder block 3 (stride 2) takes no skip
        assertEquals(List.of(4L, 8L, 16L, 32L), m.encoderFeatures(Torch.randn(1, 3, 64, 64)).stream()
                .map(t -> 64 / t.size(2)).toList());
        Map<String, Tensor> torchvision = dev.trainkit.vision.models.Models.create("convnext_tiny").stateDict();
        assertTrue(m.loadEncoderStateDict(torchvision).isClean(), "classifier.2.* ignored, the rest loads");
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            assertArrayEquals(new long[] {2, 3, 40, 50}, m.forward(Torch.randn(2, 3, 40, 50)).shape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UNet("vit_b_16(image_size=64)", 2));
        assertTrue(e.getMessage().contains("power-of-two strides ending at 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UNet("squeezenet1_1", 2));
        assertTrue(e.getMessage().contains("power-of-two strides ending at 32"), e.getMessage());
    }

    /** Encoders whose maps are exactly input / stride: the logits keep the input's size; their skips by stride. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "densenet121|2,4,8,16,32|encoder.features.denseblock3.denselayer24.conv2.weight",
        "vgg11(init_weights=False)|1,2,4,8,16,32|encoder.features.18.weight",
        "googlenet(init_weights=False)|2,4,8,16,32|encoder.inception5b.branch4.1.conv.weight",
        "shufflenet_v2_x0_5|2,4,8,16,32|encoder.conv5.0.weight",
        "mnasnet0_5|2,4,8,16,32|encoder.layers.14.weight",
    })
    void moreFamiliesAsEncoders(String spec, String strides, String key) {
        UNet m = new UNet(spec, 2, new long[] {32, 16, 16, 8, 8});
        assertTrue(m.stateDict().containsKey(key), key);
        m.eval();
        try (NoGrad ng = NoGrad.enter()) {
            assertEquals(List.of(strides.split(",")), m.encoderFeatures(Torch.randn(1, 3, 64, 64)).stream()
                    .map(t -> Long.toString(64 / t.size(2))).toList());
            assertArrayEquals(new long[] {1, 2, 40, 50}, m.forward(Torch.randn(1, 3, 40, 50)).shape());
        }
    }

    /**
     * AlexNet and Inception v3 have stages at strides 4..32 / 2..32, but their unpadded layers give
     * smaller maps: both cannot even run on the 32x64 input the U-Net feeds them at least.
     */
    @Test
    void encodersWithUnpaddedConvolutionsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UNet("alexnet", 2));
        assertTrue(e.getMessage().contains("cannot run on a 32x64 input") && e.getMessage().contains("too small"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UNet("inception_v3(init_weights=False)", 2));
        assertTrue(e.getMessage().contains("cannot run on a 32x64 input") && e.getMessage().contains(">= 75"),
                e.getMessage());
    }

    private static boolean pythonWithTorchvision() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision, numpy").redirectErrorStream(true).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void python(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python failed: " + out);
        }
    }
}
