package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.F;
import dev.trainkit.nn.loss.BCEWithLogitsLoss;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.nn.loss.HuberLoss;
import dev.trainkit.nn.loss.KLDivLoss;
import dev.trainkit.nn.loss.L1Loss;
import dev.trainkit.nn.loss.MSELoss;
import dev.trainkit.nn.loss.NLLLoss;
import dev.trainkit.nn.loss.SmoothL1Loss;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Output dtypes of TrainKit's ops under CPU bf16 autocast against PyTorch 1.13's
 * {@code torch.autocast('cpu', torch.bfloat16)} (tools/golden/gen_autocast.py), with fp32 and
 * with bf16 inputs. Ops are called through TrainKit's API (F, loss classes, Tensor) where it has
 * them, so the test also checks that those wrappers reach the ATen op PyTorch's functional does.
 *
 * <p>Where PyTorch 2.x changed the CPU policy we follow 2.x (libtorch 2.10 here) and list the op
 * in {@link #CHANGED_IN_2X} with the 2.x result and the reason.
 */
class AutocastPolicyTest {
    /**
     * Ops whose CPU autocast policy changed between PyTorch 1.13 and 2.x, from
     * aten/src/ATen/autocast_mode.cpp: 1.13 put {@code conv_transpose1d/2d/3d} in the CPU fp32 list;
     * 2.x moved them to the CPU lower-precision list with the other convolutions.
     * Value: the expected 2.x dtype with {fp32 inputs, bf16 inputs}.
     */
    static final Map<String, String[]> CHANGED_IN_2X = Map.of(
            "conv_transpose2d", new String[] {"bfloat16", "bfloat16"});

    private static Map<String, Function<Map<String, Tensor>, Tensor>> ops() {
        Map<String, Function<Map<String, Tensor>, Tensor>> m = new LinkedHashMap<>();
        m.put("matmul", t -> t.get("a").matmul(t.get("b")));
        m.put("mm", t -> aten("mm", () -> torch.mm(h(t.get("a")), h(t.get("b")))));
        m.put("bmm", t -> aten("bmm", () -> torch.bmm(h(t.get("a3")), h(t.get("b3")))));
        m.put("addmm", t -> aten("addmm", () -> torch.addmm(h(t.get("c")), h(t.get("a")), h(t.get("b")))));
        m.put("baddbmm", t -> aten("baddbmm", () -> torch.baddbmm(h(t.get("c3")), h(t.get("a3")), h(t.get("b3")))));
        m.put("linear", t -> F.linear(t.get("a"), t.get("w"), t.get("bias")));
        m.put("conv1d", t -> F.conv1d(t.get("x1"), t.get("w1"), null, new long[] {1}, new long[] {0}, new long[] {1}, 1));
        m.put("conv2d", t -> F.conv2d(t.get("x4"), t.get("w4"), t.get("b4"), new long[] {1, 1}, new long[] {1, 1},
                new long[] {1, 1}, 1));
        m.put("conv_transpose2d", t -> F.convTranspose2d(t.get("x4"), t.get("wt4"), null, new long[] {1, 1},
                new long[] {0, 0}, new long[] {0, 0}, 1, new long[] {1, 1}));
        m.put("relu", t -> F.relu(t.get("a")));
        m.put("gelu", t -> F.gelu(t.get("a"), "none"));
        m.put("sigmoid", t -> t.get("a").sigmoid());
        m.put("tanh", t -> t.get("a").tanh());
        m.put("exp", t -> t.get("a").exp());
        m.put("softmax", t -> F.softmax(t.get("a"), -1));
        m.put("log_softmax", t -> F.logSoftmax(t.get("a"), -1));
        m.put("sum", t -> t.get("a").sum());
        m.put("mean", t -> t.get("a").mean());
        m.put("prod", t -> aten("prod", () -> torch.prod(h(t.get("a")))));
        m.put("add", t -> t.get("a").add(t.get("a")));
        m.put("mul", t -> t.get("a").mul(t.get("a")));
        m.put("mse_loss", t -> new MSELoss().forward(t.get("a"), t.get("probs")));
        m.put("l1_loss", t -> new L1Loss().forward(t.get("a"), t.get("probs")));
        m.put("smooth_l1_loss", t -> new SmoothL1Loss().forward(t.get("a"), t.get("probs")));
        m.put("huber_loss", t -> new HuberLoss().forward(t.get("a"), t.get("probs")));
        m.put("cross_entropy", t -> new CrossEntropyLoss().forward(t.get("logits"), t.get("target")));
        m.put("nll_loss", t -> new NLLLoss().forward(t.get("logits"), t.get("target")));
        m.put("binary_cross_entropy_with_logits", t -> new BCEWithLogitsLoss().forward(t.get("a"), t.get("probs")));
        m.put("kl_div", t -> new KLDivLoss("batchmean").forward(t.get("a"), t.get("probs")));
        m.put("layer_norm", t -> F.layerNorm(t.get("a"), new long[] {8}, null, null, 1e-5));
        m.put("batch_norm", t -> F.batchNorm(t.get("x4"), null, null, t.get("ch"), t.get("ch"), true, 0.1, 1e-5));
        m.put("group_norm", t -> F.groupNorm(t.get("x4"), 1, null, null, 1e-5));
        m.put("max_pool2d", t -> F.maxPool2d(t.get("x4"), new long[] {2, 2}, null, new long[] {0, 0},
                new long[] {1, 1}, false));
        m.put("avg_pool2d", t -> F.avgPool2d(t.get("x4"), new long[] {2, 2}, null, new long[] {0, 0}, false, true,
                null));
        m.put("adaptive_avg_pool2d", t -> F.adaptiveAvgPool2d(t.get("x4"), new long[] {1, 1}));
        return m;
    }

    private static org.bytedeco.pytorch.Tensor h(Tensor t) {
        return NativeInterop.handle(t);
    }

    private static Tensor aten(String name, java.util.function.Supplier<org.bytedeco.pytorch.Tensor> f) {
        return NativeInterop.call(name, f);
    }

    private static Map<String, Tensor> inputs(DType dt) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Object[][] shapes = {
            {"a", new long[] {4, 8}}, {"b", new long[] {8, 3}}, {"c", new long[] {4, 3}}, {"w", new long[] {3, 8}},
            {"bias", new long[] {3}}, {"a3", new long[] {2, 4, 8}}, {"b3", new long[] {2, 8, 3}},
            {"c3", new long[] {2, 4, 3}}, {"x1", new long[] {2, 3, 10}}, {"w1", new long[] {4, 3, 3}},
            {"x4", new long[] {2, 3, 8, 8}}, {"w4", new long[] {4, 3, 3, 3}}, {"b4", new long[] {4}},
            {"wt4", new long[] {3, 4, 3, 3}}, {"ch", new long[] {3}}, {"logits", new long[] {4, 5}},
        };
        for (Object[] s : shapes) {
            t.put((String) s[0], Torch.randn((long[]) s[1]).to(dt));
        }
        t.put("probs", Torch.rand(4, 8).to(dt));
        t.put("target", Torch.tensor(new long[] {0, 3, 1, 4}, 4));
        return t;
    }

    private static JsonNode golden() throws IOException {
        try (InputStream in = AutocastPolicyTest.class.getResourceAsStream("/golden/amp/autocast_cpu_bf16.json")) {
            assertNotNull(in, "missing golden; run /usr/bin/python3 tools/golden/gen_autocast.py");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void outputDtypesMatchPyTorchCpuAutocast() throws IOException {
        JsonNode g = golden();
        assertEquals("1.13", g.get("torch").asText().substring(0, 4));
        Map<String, Function<Map<String, Tensor>, Tensor>> ops = ops();
        List<String> goldenOps = new ArrayList<>();
        g.get("ops").fieldNames().forEachRemaining(goldenOps::add);
        assertEquals(goldenOps, new ArrayList<>(ops.keySet()), "every golden op is tested");
        Map<String, Tensor> f32 = inputs(DType.FLOAT32);
        Map<String, Tensor> b16 = inputs(DType.BFLOAT16);
        List<String> mismatches = new ArrayList<>();
        for (var e : ops.entrySet()) {
            String op = e.getKey();
            JsonNode row = g.get("ops").get(op);
            String plain = e.getValue().apply(f32).dtype().pyName();
            String fromF32;
            String fromB16;
            try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
                fromF32 = e.getValue().apply(f32).dtype().pyName();
                fromB16 = e.getValue().apply(b16).dtype().pyName();
            }
            String[] expected = CHANGED_IN_2X.containsKey(op) ? CHANGED_IN_2X.get(op)
                    : new String[] {row.get("fp32_in").asText(), row.get("bf16_in").asText()};
            if (CHANGED_IN_2X.containsKey(op)) {
                // the 1.13 golden really has the old policy: the exception is not hiding a typo
                assertEquals("float32", row.get("fp32_in").asText(), op + " in 1.13");
            }
            if (!plain.equals(row.get("no_autocast_fp32_in").asText()) || !fromF32.equals(expected[0])
                    || !fromB16.equals(expected[1])) {
                mismatches.add(op + ": ours " + plain + "/" + fromF32 + "/" + fromB16 + ", expected "
                        + row.get("no_autocast_fp32_in").asText() + "/" + expected[0] + "/" + expected[1]);
            }
        }
        assertEquals(List.of(), mismatches, "no autocast / autocast fp32 in / autocast bf16 in");
    }
}
