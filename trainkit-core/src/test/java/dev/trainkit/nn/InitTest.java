package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Initialisation against PyTorch: gains and fans exactly, and the distributions of layer
 * defaults and {@link Init} functions against the empirical statistics PyTorch produced for the
 * same shapes (goldens from tools/golden/gen_nn_layers.py). The random streams differ, so
 * statistics are compared with sampling tolerances, and uniform bounds with the formula.
 */
class InitTest {
    private static final JsonNode G = Golden.load("init_stats.json");

    /** [mean, std, min, max] of a tensor. */
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (v.length - 1)), min, max};
    }

    /** Same distribution as PyTorch's sample: std within 3%, mean within 4 standard errors, same support. */
    private static void assertSameDistribution(String what, JsonNode torchStats, Tensor mine, boolean bounded) {
        double[] s = stats(mine);
        double std = torchStats.get("std").asDouble();
        double n = torchStats.get("numel").asDouble();
        assertEquals(std, s[1], 0.03 * std, what + " std");
        assertEquals(torchStats.get("mean").asDouble(), s[0], 4 * std / Math.sqrt(n) + 4 * std / Math.sqrt(mine.numel()),
                what + " mean");
        if (bounded) {
            double range = torchStats.get("max").asDouble() - torchStats.get("min").asDouble();
            assertEquals(torchStats.get("min").asDouble(), s[2], 0.02 * range, what + " min");
            assertEquals(torchStats.get("max").asDouble(), s[3], 0.02 * range, what + " max");
        }
    }

    /** All values within ±bound (PyTorch's 1/√fan_in rule for Linear and Conv). */
    private static void assertWithin(String what, Tensor t, double bound) {
        double[] s = stats(t);
        assertTrue(s[2] >= -bound && s[3] <= bound, what + ": values [" + s[2] + ", " + s[3] + "] outside ±" + bound);
    }

    @Test
    void layerDefaultsFollowPyTorch() {
        Torch.manualSeed(7);
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("Linear(256,128)", new Linear(256, 128));
        layers.put("Conv2d(64,32,3)", new Conv2d(64, 32, 3));
        layers.put("Conv1d(16,64,5)", new Conv1d(16, 64, 5));
        layers.put("Conv2d(32,64,3,groups=4)", new Conv2d(32, 64, new long[] {3}, new long[] {1}, new long[] {0},
                new long[] {1}, 4, true, "zeros"));
        layers.put("ConvTranspose2d(32,16,4)", new ConvTranspose2d(32, 16, 4));
        layers.put("Embedding(1000,64)", new Embedding(1000, 64));
        layers.forEach((name, m) -> {
            JsonNode g = G.get("layers").get(name);
            m.namedParameters().forEach((k, p) -> {
                String what = name + "." + k;
                boolean uniform = !(m instanceof Embedding);
                if (k.equals("weight")) {
                    assertSameDistribution(what, g.get(k), p, uniform);
                }
                if (uniform) {
                    Tensor w = m.namedParameters().get("weight");
                    assertWithin(what, p, 1 / Math.sqrt(Init.calculateFanInAndFanOut(w)[0]) + 1e-7);
                }
            });
            assertEquals(g.size(), m.namedParameters().size(), name + " parameter count");
        });
    }

    @Test
    void embeddingPaddingRowIsZero() {
        Embedding e = new Embedding(6, 4, -2L);
        assertEquals(0.0, e.weight.get(4).abs().sum().item());
        assertTrue(e.weight.get(3).abs().sum().item() > 0);
        assertEquals("Embedding(6, 4, padding_idx=4)", e.toString());
    }

    @Test
    void initFunctionsFollowPyTorch() {
        Map<String, UnaryOperator<Tensor>> inits = new LinkedHashMap<>();
        inits.put("xavier_uniform_(256,128,3,3)", t -> Init.xavierUniform_(t, 1.0));
        inits.put("xavier_normal_gain2(256,128,3,3)", t -> Init.xavierNormal_(t, 2.0));
        inits.put("kaiming_uniform_relu_fan_in(256,128,3,3)", t -> Init.kaimingUniform_(t, 0, "fan_in", "relu"));
        inits.put("kaiming_normal_relu_fan_out(256,128,3,3)", t -> Init.kaimingNormal_(t, 0, "fan_out", "relu"));
        inits.put("kaiming_uniform_a0.1_leaky(256,128,3,3)", t -> Init.kaimingUniform_(t, 0.1, "fan_in", "leaky_relu"));
        inits.put("trunc_normal_std0.02(256,128,3,3)", t -> Init.truncNormal_(t, 0, 0.02, -2, 2));
        inits.put("trunc_normal_m1_s2_a0_b3(256,128,3,3)", t -> Init.truncNormal_(t, 1, 2, 0, 3));
        inits.forEach((name, f) -> {
            Tensor t = f.apply(Torch.zeros(256, 128, 3, 3));
            boolean bounded = name.contains("uniform") || name.contains("m1_s2_a0_b3");
            assertSameDistribution(name, G.get("layers").get(name).get("tensor"), t, bounded);
        });
        double[] tn = stats(Init.truncNormal_(Torch.zeros(10000), 1, 2, 0, 3));
        assertTrue(tn[2] >= 0 && tn[3] <= 3, "trunc_normal_ outside [a, b]");
    }

    @Test
    void gainsAndFansMatchPyTorch() {
        G.get("gains").fields().forEachRemaining(e -> {
            String[] parts = e.getKey().split(":");
            Double param = parts.length > 1 ? Double.valueOf(parts[1]) : null;
            assertEquals(e.getValue().asDouble(), Init.calculateGain(parts[0], param), 1e-12, e.getKey());
        });
        G.get("fans").fields().forEachRemaining(e -> {
            String[] dims = e.getKey().replaceAll("[\\[\\] ]", "").split(",");
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Long.parseLong(dims[i]);
            }
            long[] expected = {e.getValue().get(0).asLong(), e.getValue().get(1).asLong()};
            assertArrayEquals(expected, Init.calculateFanInAndFanOut(Torch.zeros(shape)), e.getKey());
        });
    }

    @Test
    void orthogonalRowsAreOrthonormal() {
        Tensor q = Init.orthogonal_(Torch.zeros(6, 10), 1.0);
        double err = q.matmul(q.transpose(0, 1)).sub(Torch.eye(6)).abs().max().item();
        double torchErr = G.get("orthogonal_6x10_qqt_minus_eye_max").asDouble();
        assertTrue(err < Math.max(1e-5, 10 * torchErr), "Q·Qᵀ − I max " + err + " (PyTorch " + torchErr + ")");
        Tensor tall = Init.orthogonal_(Torch.zeros(8, 2, 2), 2.0).reshape(8, 4);
        double err2 = tall.transpose(0, 1).matmul(tall).sub(Torch.eye(4).mul(4)).abs().max().item();
        assertTrue(err2 < 1e-4, "QᵀQ − 4I max " + err2);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException gain = assertThrows(IllegalArgumentException.class,
                () -> Init.calculateGain("swish"));
        assertTrue(gain.getMessage().contains("nonlinearity") && gain.getMessage().contains("'swish'")
                && gain.getMessage().contains("leaky_relu"), gain.getMessage());
        IllegalArgumentException fan = assertThrows(IllegalArgumentException.class,
                () -> Init.xavierUniform_(Torch.zeros(5), 1.0));
        assertTrue(fan.getMessage().contains("fewer than 2 dimensions") && fan.getMessage().contains("[5]"),
                fan.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingNormal_(Torch.zeros(3, 3), 0, "fan_avg", "relu"));
        assertTrue(mode.getMessage().contains("mode") && mode.getMessage().contains("fan_out"), mode.getMessage());
    }
}
