package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.io.PthReader;
import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.LoadResult;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.ops.StochasticDepth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logits parity with real torchvision 0.14 (Debian's /usr/bin/python3): for each model,
 * tools/golden/gen_zoo_parity.py writes a seeded random state_dict (BatchNorm statistics
 * randomised) with {@code torch.save}, and an input and torchvision's outputs (another
 * {@code torch.save}d dict), under target/zoo-parity; {@link PthReader} reads both, and the Java
 * model loads the state strictly and must give the same eval-mode logits to 1e-4 relative
 * (atol = 1e-4·max|logit|), also at the further input sizes the script lists in EXTRA_EVAL,
 * the same feature maps at the stages of zoo_models.FEATURE_NODES ({@link Features#extract}),
 * and for the models the script lists in TRAIN also the same
 * training-mode outputs (batch statistics, auxiliary heads) and updated running statistics.
 *
 * <p>By default one or two models per family run; {@code -Dtrainkit.fullParity=true} runs all.
 * Skipped (assumption) only when /usr/bin/python3 cannot import torchvision, and per model when
 * its state dict does not fit the JVM's heap (vit_h_14 with the default -Xmx2g).
 */
class ZooParityTest {
    static final List<String> DEFAULT_MODELS = List.of("resnet18", "resnext50_32x4d", "alexnet", "vgg11_bn",
            "squeezenet1_1", "densenet121", "inception_v3", "googlenet", "shufflenet_v2_x0_5", "mobilenet_v2",
            "mobilenet_v3_small", "mnasnet0_5", "efficientnet_b0", "convnext_tiny", "regnet_y_400mf",
            "regnet_x_400mf", "swin_t", "vit_b_32");
    static final double RTOL = 1e-4;
    private static final Path OUT = Path.of("target", "zoo-parity");
    private static final Map<String, String> TIMINGS = new LinkedHashMap<>();

    static boolean full() {
        return Boolean.getBoolean("trainkit.fullParity");
    }

    /**
     * The default set, all models with {@code -Dtrainkit.fullParity=true}, restricted by the glob
     * {@code -Dtrainkit.parityModels=efficientnet_*} when given.
     */
    static Stream<String> models() throws IOException {
        Stream<String> s = full() ? ModelKeysTest.goldenModels().stream() : DEFAULT_MODELS.stream();
        String glob = System.getProperty("trainkit.parityModels", "");
        return glob.isEmpty() ? s : s.filter(Models.globToRegex(glob).asMatchPredicate());
    }

    @BeforeAll
    static void generate() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c",
                "import torch, torchvision")) == 0, "zoo parity skipped: /usr/bin/python3 with torch and torchvision"
                + " is not installed (apt-get install python3-torch python3-torchvision)");
        List<String> names = models().toList();
        long t0 = System.nanoTime();
        int rc = run(List.of(python.toString(), "tools/golden/gen_zoo_parity.py", String.join(",", names),
                OUT.toString()));
        assertEquals(0, rc, "gen_zoo_parity.py failed; see target/zoo-parity/generator.log");
        TIMINGS.put("python generator", String.format("%.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(OUT.resolve("generator.log").toFile()));
        return pb.start().waitFor();
    }

    @AfterAll
    static void report() {
        StringBuilder sb = new StringBuilder("zoo parity timings" + (full() ? " (full)" : " (default set)") + ":");
        TIMINGS.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
        System.out.println(sb);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void logitsMatchTorchvision(String model) throws IOException {
        long t0 = System.nanoTime();
        Path dir = OUT.resolve(model);
        // PthReader reads the state into the Java heap: vit_h_14's 2.5 GB state needs more than surefire's -Xmx2g
        long need = Files.size(dir.resolve("state.pth"));
        Assumptions.assumeTrue(need < Runtime.getRuntime().maxMemory() * 0.7, model + ": its " + need / (1 << 20)
                + " MB state does not fit this JVM's heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB); run the test with -Xmx" + (need * 2 / (1L << 30) + 1) + "g");
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
            String spec = index.get("spec").asText();
            Map<String, Tensor> golden = PthReader.loadStateDict(dir.resolve("io.pth"));
            Module m = Models.create(spec);
            LoadResult r = m.loadStateDict(PthReader.loadStateDict(dir.resolve("state.pth")), true);
            assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty(), model + ": " + r);
            m.eval();
            double rel = assertClose(model + " eval logits", golden.get("eval/logits"),
                    m.forward(golden.get("eval/input")));
            // feature stages: torchvision's module outputs (NCHW as Features gives them)
            String[] nodes = golden.keySet().stream().filter(k -> k.startsWith("eval/features/"))
                    .map(k -> k.substring("eval/features/".length())).toArray(String[]::new);
            if (nodes.length > 0) {
                Map<String, Tensor> f = Features.extract(m, golden.get("eval/input"), nodes);
                for (String n : nodes) {
                    assertClose(model + " feature " + n, golden.get("eval/features/" + n), f.get(n));
                }
            }
            // further input sizes (Swin: window multiples, a non-square size)
            for (int i = 1; golden.containsKey("eval_" + i + "/input"); i++) {
                Tensor x = golden.get("eval_" + i + "/input");
                assertClose(model + " eval logits at " + java.util.Arrays.toString(x.shape()),
                        golden.get("eval_" + i + "/logits"), m.forward(x));
            }
            long t1 = System.nanoTime();
            String timing = String.format("eval %.1f s (logits max|diff|/max|logit| %.2e)", (t1 - t0) / 1e9, rel);
            if (golden.containsKey("train/input")) {
                if (index.path("zero_dropout").asBoolean(false)) {
                    zeroDropout(m);
                }
                if (index.path("zero_stochastic_depth").asBoolean(false)) {
                    zeroStochasticDepth(m);
                }
                m.train();
                Map<String, Tensor> out = trainOutputs(m, golden.get("train/input"));
                out.forEach((k, v) -> assertClose(model + " train " + k, golden.get("train/" + k), v));
                assertEquals(out.size(), golden.keySet().stream().filter(k -> k.startsWith("train/")
                        && !k.startsWith("train/state/") && !k.equals("train/input")).count(), model + ": outputs");
                Map<String, Tensor> state = m.stateDict();
                golden.forEach((k, v) -> {
                    if (k.startsWith("train/state/")) {
                        String key = k.substring("train/state/".length());
                        assertClose(model + " " + key + " after train forward", v, state.get(key));
                    }
                });
                timing += String.format(", train %.1f s", (System.nanoTime() - t1) / 1e9);
            }
            TIMINGS.put(model, timing);
        }
    }

    /** Every Dropout replaced by Dropout(0), as the generator's ZERO_DROPOUT does in torchvision's model. */
    static void zeroDropout(Module m) {
        m.namedModules().forEach((name, sub) -> {
            if (sub instanceof Dropout) {
                m.setSubmodule(name, new Dropout(0.0));
            }
        });
    }

    /** Every StochasticDepth replaced by one with p = 0, as the generator's ZERO_STOCHASTIC_DEPTH does. */
    static void zeroStochasticDepth(Module m) {
        m.namedModules().forEach((name, sub) -> {
            if (sub instanceof StochasticDepth sd) {
                m.setSubmodule(name, new StochasticDepth(0.0, sd.mode()));
            }
        });
    }

    /** The training-mode outputs by the golden's names (auxiliary heads included). */
    static Map<String, Tensor> trainOutputs(Module m, Tensor x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (m instanceof Inception3 inc) {
            InceptionOutputs o = inc.forwardOutputs(x);
            out.put("logits", o.logits());
            out.put("aux_logits", o.auxLogits());
        } else if (m instanceof GoogLeNet g) {
            GoogLeNetOutputs o = g.forwardOutputs(x);
            out.put("logits", o.logits());
            out.put("aux_logits2", o.auxLogits2());
            out.put("aux_logits1", o.auxLogits1());
        } else {
            out.put("logits", m.forward(x));
        }
        return out;
    }

    /**
     * |a − e| ≤ atol + rtol·|e| with atol = rtol·max|e|; exact for integer tensors.
     *
     * @return max|a − e| / max|e| (0 for integer tensors)
     */
    static double assertClose(String what, Tensor expected, Tensor actual) {
        if (actual == null) {
            fail(what + ": missing");
        }
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()),
                what + ": shape");
        if (!expected.dtype().isFloatingPoint()) {
            assertEquals(expected.itemLong(), actual.itemLong(), what);
            return 0;
        }
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double max = 0;
        for (double v : e) {
            max = Math.max(max, Math.abs(v));
        }
        double atol = RTOL * max;
        double maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - e[i]));
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < e.length && bad.size() < 3; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + RTOL * Math.abs(e[i]))) {
                bad.add("[" + i + "] expected " + e[i] + " got " + a[i]);
            }
        }
        assertTrue(bad.isEmpty(), what + " differs from torchvision (max|e| " + max + "): " + bad);
        return max == 0 ? maxDiff : maxDiff / max;
    }
}
