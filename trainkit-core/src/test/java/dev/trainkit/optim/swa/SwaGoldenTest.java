package dev.trainkit.optim.swa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.nn.BatchNorm1d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AveragedModel, ExponentialMovingAverage and SwaUtils.updateBn against PyTorch 1.13's
 * {@code torch.optim.swa_utils} and torchvision's reference EMA ({@code tools/golden/gen_swa.py}):
 * every state-dict entry after every update to 1e-6 (float) or exactly (int64).
 */
class SwaGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SwaGoldenTest.class.getResourceAsStream("/golden/optim/swa.json")) {
            assertNotNull(in, "golden/optim/swa.json on the test classpath");
            golden = new ObjectMapper().readTree(in);
        }
    }

    static Module model() {
        return new Sequential(new Linear(4, 6), new BatchNorm1d(6), new ReLU(), new Linear(6, 3));
    }

    static Tensor tensor(JsonNode t) {
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asLong();
        }
        JsonNode d = t.get("data");
        if (t.get("dtype").asText().equals("int64")) {
            long[] v = new long[d.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.get(i).asLong();
            }
            return shape.length == 0 ? Torch.scalar(v[0], DType.INT64) : Torch.tensor(v, shape);
        }
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) d.get(i).asDouble();
        }
        return Torch.tensor(v, shape);
    }

    static Map<String, Tensor> stateDict(JsonNode sd) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        sd.fieldNames().forEachRemaining(k -> out.put(k, tensor(sd.get(k))));
        return out;
    }

    static void assertState(JsonNode expected, Map<String, Tensor> actual, String what) {
        List<String> keys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, new ArrayList<>(actual.keySet()), what + ": state dict keys");
        for (String k : keys) {
            JsonNode e = expected.get(k);
            Tensor a = actual.get(k);
            if (e.get("dtype").asText().equals("int64")) {
                assertEquals(DType.INT64, a.dtype(), what + " " + k);
                assertArrayEquals(tensor(e).toLongArray(), a.toLongArray(), what + " " + k);
            } else {
                float[] ev = tensor(e).toFloatArray();
                float[] av = a.toFloatArray();
                assertEquals(ev.length, av.length, what + " " + k);
                for (int i = 0; i < ev.length; i++) {
                    assertEquals(ev[i], av[i], 1e-6 * Math.max(1, Math.abs(ev[i])), what + " " + k + "[" + i + "]");
                }
            }
        }
    }

    private static void replay(String name, Function<Module, AveragedModel> make) {
        JsonNode run = null;
        for (JsonNode a : golden.get("averages")) {
            if (a.get("name").asText().equals(name)) {
                run = a;
            }
        }
        assertNotNull(run, name);
        JsonNode snaps = golden.get("snapshots");
        Module m = model();
        m.loadStateDict(stateDict(snaps.get(0)), true);
        AveragedModel avg = make.apply(m);
        for (int i = 0; i < snaps.size(); i++) {
            m.loadStateDict(stateDict(snaps.get(i)), true);
            avg.updateParameters(m);
            assertState(run.get("states").get(i), avg.stateDict(), name + " after update " + (i + 1));
        }
    }

    @Test
    void equalAveragingOfParameters() {
        replay("equal", m -> new AveragedModel(m, model()));
    }

    @Test
    void equalAveragingWithBuffers() {
        replay("equal_use_buffers", m -> new AveragedModel(m, model()).useBuffers(true));
    }

    @Test
    void torchvisionExponentialMovingAverage() {
        replay("torchvision_ema_0.9", m -> new ExponentialMovingAverage(m, model(), 0.9));
    }

    @Test
    void updateBnRecomputesTheStatisticsAsPyTorch() {
        JsonNode bn = golden.get("update_bn");
        JsonNode snaps = golden.get("snapshots");
        Module m = model();
        m.loadStateDict(stateDict(snaps.get(snaps.size() - 1)), true);
        m.eval();
        List<Tensor> batches = new ArrayList<>();
        bn.get("batches").forEach(b -> batches.add(tensor(b)));
        SwaUtils.updateBn(batches, m);
        assertState(bn.get("state"), m.stateDict(), "update_bn");
        assertEquals(bn.get("momentum").asDouble(), ((BatchNorm1d) m.getSubmodule("1")).momentum(), 0.0);
        assertFalse(m.isTraining(), "the training mode is restored");
        assertFalse(bn.get("training").asBoolean());
    }

    @Test
    void referenceDecayIsTheScriptsFormula() {
        for (JsonNode c : golden.get("reference_decay")) {
            JsonNode a = c.get("args");
            assertEquals(c.get("decay").asDouble(), ExponentialMovingAverage.referenceDecay(a.get(0).asDouble(),
                    a.get(1).asInt(), a.get(2).asInt(), a.get(3).asInt(), a.get(4).asInt()), 1e-15, a.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> ExponentialMovingAverage.referenceDecay(0.9, 1, 32, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> ExponentialMovingAverage.referenceDecay(1.5, 1, 32, 1, 10));
    }

    @Test
    void referenceUpdateEveryStepsBatchesAndCopiesDuringTheLrWarmup() {
        Module m = model();
        ExponentialMovingAverage ema = new ExponentialMovingAverage(m, model(), 0.5);
        List<Boolean> updated = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            updated.add(ema.referenceUpdate(m, i, 0, 2, 1));
        }
        assertEquals(List.of(true, false, true, false, true), updated);
        assertEquals(0, ema.nAveraged().itemLong(), "reset to 0 during the lr warmup epochs");
        ema.referenceUpdate(m, 0, 1, 2, 1);
        assertEquals(1, ema.nAveraged().itemLong(), "counts after the warmup");
    }

    @Test
    void badArgumentsAreClearErrors() {
        Module m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AveragedModel(m, m));
        assertTrue(e.getMessage().contains("deepcopy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AveragedModel(m, new Linear(4, 6)));
        AveragedModel avg = new AveragedModel(m, model());
        e = assertThrows(IllegalArgumentException.class, () -> avg.updateParameters(new Linear(4, 6)));
        assertTrue(e.getMessage().contains("expected 6 parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(m, model(), 1.5));
        Iterator<Tensor> none = List.<Tensor>of().iterator();
        SwaUtils.updateBn(() -> none, new Linear(2, 2)); // no BatchNorm: nothing to do
    }
}
