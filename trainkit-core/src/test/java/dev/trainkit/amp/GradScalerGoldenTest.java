package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.optim.ClipGrad;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GradScaler against tools/golden/gen_grad_scaler.py: PyTorch 1.13's own GradScaler code run on
 * CPU with the two CUDA-only kernels replaced by a transcription of PyTorch 2.x's CPU kernels
 * (see the script). Each scenario trains Linear(3, 2) with SGD(momentum) and injected inf/NaN
 * gradients; per step we compare whether the optimizer stepped, the scale used, the state dict
 * after update() and the parameters.
 */
class GradScalerGoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode golden() throws IOException {
        try (InputStream in = GradScalerGoldenTest.class.getResourceAsStream("/golden/amp/grad_scaler.json")) {
            assertNotNull(in, "missing golden; run /usr/bin/python3 tools/golden/gen_grad_scaler.py");
            return MAPPER.readTree(in);
        }
    }

    static Stream<String> scenarios() throws IOException {
        List<String> names = new ArrayList<>();
        golden().get("scenarios").forEach(s -> names.add(s.get("name").asText()));
        return names.stream();
    }

    static JsonNode scenario(String name) throws IOException {
        for (JsonNode s : golden().get("scenarios")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no scenario " + name);
    }

    /** The model, data and optimizer of a scenario, stepped as the script does. */
    static final class Run {
        final JsonNode sc;
        final Linear lin = new Linear(3, 2);
        final SGD opt;
        final Tensor x;
        final Tensor y;
        final int micro;

        Run(JsonNode sc) {
            this.sc = sc;
            NoGrad.run(() -> {
                lin.weight.copy_(Torch.tensor(floats(sc.get("w0")), 2, 3));
                lin.bias.copy_(Torch.tensor(floats(sc.get("b0")), 2));
            });
            opt = new SGD(lin.parameters(), Map.of("lr", sc.get("lr").asDouble(), "momentum", sc.get("momentum").asDouble()));
            x = Torch.tensor(floats(sc.get("x")), 4, 3);
            y = Torch.tensor(floats(sc.get("y")), 4, 2);
            micro = sc.get("micro_batches").asInt();
        }

        /** One iteration; returns step()'s result and checks it and the state against the golden. */
        void step(GradScaler scaler, int i) {
            JsonNode rec = sc.get("steps").get(i);
            String where = sc.get("name").asText() + " step " + i;
            try (TensorScope scope = TensorScope.open()) {
                opt.zeroGrad();
                for (int mb = 0; mb < micro; mb++) {
                    Tensor xs = x.slice(0, mb, 4, micro);
                    Tensor ys = y.slice(0, mb, 4, micro);
                    Tensor loss = new MSELoss().forward(lin.forward(xs), ys).div(micro);
                    scaler.scale(loss).backward();
                }
                JsonNode inject = rec.get("inject");
                if (!inject.isNull()) {
                    double v = switch (inject.asText()) {
                        case "inf" -> Double.POSITIVE_INFINITY;
                        case "-inf" -> Double.NEGATIVE_INFINITY;
                        default -> Double.NaN;
                    };
                    NoGrad.run(() -> lin.weight.grad().get(0, 1).fill_(v));
                }
                assertEquals(rec.get("scale_used").asDouble(), scaler.getScale(), 0.0, where + " scale used");
                if (!sc.get("clip").isNull()) {
                    scaler.unscale_(opt);
                    ClipGrad.clipGradNorm_(lin.parameters(), sc.get("clip").asDouble());
                }
                boolean stepped = scaler.step(opt);
                assertEquals(rec.get("stepped").asBoolean(), stepped, where + " stepped");
                assertEquals(!stepped, scaler.foundInf(opt), where + " foundInf");
                scaler.update();
            }
            JsonNode sd = rec.get("state_dict");
            Map<String, Object> ours = scaler.stateDict();
            assertEquals(sd.get("scale").asDouble(), (Double) ours.get("scale"), 0.0, where + " scale");
            assertEquals(sd.get("_growth_tracker").asInt(), ours.get("_growth_tracker"), where + " tracker");
            assertEquals(sd.get("growth_factor").asDouble(), (Double) ours.get("growth_factor"), 0.0);
            assertEquals(sd.get("backoff_factor").asDouble(), (Double) ours.get("backoff_factor"), 0.0);
            assertEquals(sd.get("growth_interval").asInt(), ours.get("growth_interval"));
            assertClose(rec.get("weight"), lin.weight.toFloatArray(), where + " weight");
            assertClose(rec.get("bias"), lin.bias.toFloatArray(), where + " bias");
        }
    }

    static GradScaler scalerFor(JsonNode sc) {
        return new GradScaler(sc.get("init_scale").asDouble(), sc.get("growth_factor").asDouble(),
                sc.get("backoff_factor").asDouble(), sc.get("growth_interval").asInt(), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scaleSequenceSkipsAndParametersMatchPyTorch(String name) throws IOException {
        JsonNode sc = scenario(name);
        Run run = new Run(sc);
        GradScaler scaler = scalerFor(sc);
        assertEquals(sc.get("init_scale").asDouble(), scaler.getScale(), 0.0, "before the first scale()");
        for (int i = 0; i < sc.get("steps").size(); i++) {
            run.step(scaler, i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void stateDictRoundTripContinuesTheSameSequence(String name) throws IOException {
        JsonNode sc = scenario(name);
        Run run = new Run(sc);
        GradScaler scaler = scalerFor(sc);
        int half = sc.get("steps").size() / 2;
        for (int i = 0; i < half; i++) {
            run.step(scaler, i);
        }
        // a fresh scaler with different options: everything must come from the state dict
        GradScaler resumed = new GradScaler(8.0, 3.0, 0.1, 7, true);
        resumed.loadStateDict(scaler.stateDict());
        assertEquals(scaler.stateDict(), resumed.stateDict());
        for (int i = half; i < sc.get("steps").size(); i++) {
            run.step(resumed, i);
        }
    }

    @Test
    void goldensComeFromPyTorch113() throws IOException {
        // the golden records the torch that ran the GradScaler code
        assertEquals("1.13", golden().get("torch").asText().substring(0, 4));
    }

    static float[] floats(JsonNode n) {
        List<Float> out = new ArrayList<>();
        flatten(n, out);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add((float) n.asDouble());
        }
    }

    static void assertClose(JsonNode expected, float[] actual, String where) {
        float[] e = floats(expected);
        assertEquals(e.length, actual.length, where);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], actual[i], 1e-6 + 1e-5 * Math.abs(e[i]), where + "[" + i + "]");
        }
    }
}
