package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.ops.StochasticDepth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EfficientNet's builder arguments and per-block stochastic depth (golden from
 * tools/golden/gen_efficientnet_sd.py); keys and logits are checked by ModelKeysTest and
 * ZooParityTest.
 */
class EfficientNetTest {

    @Test
    void stochasticDepthProbabilitiesMatchTorchvision() throws IOException {
        Map<String, List<String>> golden = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/golden/zoo/efficientnet_sd.txt")) {
            assertNotNull(in, "run /usr/bin/python3 tools/golden/gen_efficientnet_sd.py");
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().filter(l -> !l.isBlank())
                    .forEach(l -> {
                        int sp = l.indexOf(' ');
                        golden.computeIfAbsent(l.substring(0, sp), k -> new ArrayList<>()).add(l.substring(sp + 1));
                    });
        }
        assertEquals(3, golden.size());
        golden.forEach((spec, expected) -> {
            List<String> actual = new ArrayList<>();
            Module m = Models.create(spec);
            m.namedModules().forEach((name, sub) -> {
                if (sub instanceof StochasticDepth sd) {
                    actual.add(name + " " + sd.p() + " " + sd.mode());
                }
            });
            assertEquals(expected.size(), actual.size(), spec);
            for (int i = 0; i < expected.size(); i++) {
                String[] e = expected.get(i).split(" ");
                String[] a = actual.get(i).split(" ");
                assertEquals(e[0], a[0], spec);
                assertEquals(Double.parseDouble(e[1]), Double.parseDouble(a[1]), 1e-15, spec + " " + e[0]);
                assertEquals(e[2], a[2], spec);
            }
        });
    }

    @Test
    void builderArgumentsAreTorchvisions() {
        assertEquals(List.of("num_classes", "stochastic_depth_prob"), Models.info("efficientnet_b0").arguments());
        assertEquals("efficientnet", Models.info("efficientnet_v2_l").family());
        Module m = Models.create("efficientnet_b7(num_classes=3)");
        assertArrayEquals(new long[] {3, 2560}, m.stateDict().get("classifier.1.weight").shape());
        assertEquals(0.5, ((Dropout) m.getSubmodule("classifier.0")).p(), "efficientnet_b7 fixes dropout=0.5");
        assertEquals(0.2, ((Dropout) Models.create("efficientnet_v2_s").getSubmodule("classifier.0")).p());
        // torchvision's builders pass dropout positionally: efficientnet_b0(dropout=0.1) is a TypeError
        SpecException e = assertThrows(SpecException.class, () -> Models.create("efficientnet_b0(dropout=0.1)"));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Models.create("efficientnet_b0(stochastic_depth_prob=1.5)"));
        assertTrue(bad.getMessage().contains("stochastic_depth_prob") && bad.getMessage().contains("1.5"),
                bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> EfficientNet.create("b8", 10, 0.2, 0.2));
        assertTrue(bad.getMessage().contains("'b8'") && bad.getMessage().contains("v2_s"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> new MBConv(16, 16, 6, 3, 3, 0, 1e-5, 0.1));
        assertTrue(bad.getMessage().contains("stride") && bad.getMessage().contains("3"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FusedMBConv(16, 16, 4, 3, 0, 0, 1e-3, 0.1));
    }

    @Test
    void evalIsDeterministicAndTrainingDropsResidualBranches() {
        Module m = Models.create("efficientnet_b0(num_classes=4, stochastic_depth_prob=0.9)");
        Tensor x = Torch.randn(4, 3, 32, 32);
        try (NoGrad ng = NoGrad.enter()) {
            m.eval();
            assertArrayEquals(m.forward(x).toDoubleArray(), m.forward(x).toDoubleArray(), 0.0);
            // a residual MBConv in training mode: random row drops change the output between calls
            Module block = m.getSubmodule("features.6.3");
            block.train();
            Tensor y = Torch.randn(8, 192, 2, 2);
            Torch.manualSeed(1);
            double[] a = block.forward(y).toDoubleArray();
            boolean differs = false;
            for (int i = 0; i < 5 && !differs; i++) {
                differs = !java.util.Arrays.equals(a, block.forward(y).toDoubleArray());
            }
            assertTrue(differs, "stochastic depth p≈0.84 makes training outputs random");
        }
    }
}
