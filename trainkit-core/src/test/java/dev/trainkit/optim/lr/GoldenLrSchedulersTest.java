package dev.trainkit.optim.lr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.optim.ParamGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every scenario of {@code golden/lr_schedulers.json} (generated from real PyTorch by
 * {@code tools/golden/gen_lr_schedulers.py}) through {@link Schedulers#create} and compares each
 * group's lr and momentum (or betas[0]), read before each scheduler step, to 1e-9 relative.
 *
 * <p>The goldens come from Debian's PyTorch 1.13. Every scenario was chosen where 1.13 and 2.x
 * agree; the one adjustment is in the generator: for resumed CyclicLR runs the dead
 * {@code _scale_fn_ref} WeakMethod of 1.13's state_dict is dropped, as PyTorch 2.x does.
 */
class GoldenLrSchedulersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RTOL = 1e-9;

    static JsonNode golden() throws IOException {
        try (InputStream in = GoldenLrSchedulersTest.class.getResourceAsStream("/golden/lr_schedulers.json")) {
            assertNotNull(in, "golden/lr_schedulers.json on the test classpath");
            return JSON.readTree(in);
        }
    }

    @Test
    void goldenFileCoversEveryScheduler() throws IOException {
        StringBuilder all = new StringBuilder();
        golden().get("scenarios").forEach(s -> s.get("specs").forEach(x -> all.append(x.asText()).append(' ')));
        for (String name : Schedulers.names()) {
            if (!name.equals("WarmupLR")) { // not in PyTorch: tested in WarmupLRTest
                assertTrue(all.indexOf(name + "(") >= 0, "no golden scenario uses " + name);
            }
        }
        assertTrue(golden().get("scenarios").size() >= 60);
    }

    @TestFactory
    Stream<DynamicTest> replayPyTorchScenarios() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode sc : golden().get("scenarios")) {
            tests.add(DynamicTest.dynamicTest(sc.get("name").asText() + ": " + sc.get("specs"), () -> replay(sc)));
        }
        return tests.stream();
    }

    private record Run(SimulatedOptimizer opt, List<LRScheduler> scheds) {
    }

    private static Run build(JsonNode sc) {
        double[] lrs = new double[sc.get("lrs").size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = sc.get("lrs").get(i).asDouble();
        }
        SimulatedOptimizer opt = SimulatedOptimizer.withGroups(sc.get("optimizer").asText(), lrs);
        List<LRScheduler> scheds = new ArrayList<>();
        sc.get("specs").forEach(s -> scheds.add(Schedulers.create(s.asText(), opt)));
        return new Run(opt, scheds);
    }

    private static void replay(JsonNode sc) throws IOException {
        Run run = build(sc);
        int steps = sc.get("steps").asInt();
        int resumeAt = sc.has("resume_at") ? sc.get("resume_at").asInt() : -1;
        for (int i = 0; i < steps; i++) {
            if (i == resumeAt) {
                run = resume(sc, run);
            }
            JsonNode lrRow = sc.get("expected_lr").get(i);
            JsonNode momRow = sc.get("expected_momentum").get(i);
            for (int g = 0; g < run.opt.paramGroups().size(); g++) {
                String where = sc.get("name").asText() + " step " + i + " group " + g;
                assertClose(lrRow.get(g).asDouble(), run.opt.paramGroups().get(g).lr(), where + " lr");
                Double m = run.opt.momentum(g);
                if (momRow.get(g).isNull()) {
                    assertNull(m, where + " momentum");
                } else {
                    assertNotNull(m, where + " momentum");
                    assertClose(momRow.get(g).asDouble(), m, where + " momentum");
                }
            }
            if (i == steps - 1) {
                break;
            }
            for (LRScheduler s : run.scheds) {
                if (sc.has("metrics")) {
                    ((ReduceLROnPlateau) s).step(sc.get("metrics").get(i).asDouble());
                } else if (sc.has("epochs")) {
                    ((CosineAnnealingWarmRestarts) s).step(sc.get("epochs").get(i).asDouble());
                } else {
                    s.step();
                }
            }
        }
    }

    /** Saves optimizer options and scheduler state (through JSON), rebuilds everything, restores. */
    private static Run resume(JsonNode sc, Run old) throws IOException {
        List<Map<String, Object>> groupState = new ArrayList<>();
        for (ParamGroup<Object> g : old.opt.paramGroups()) {
            Map<String, Object> copy = new LinkedHashMap<>();
            g.options().forEach((k, v) -> copy.put(k, v instanceof double[] a ? a.clone() : v));
            groupState.add(copy);
        }
        List<String> saved = new ArrayList<>();
        for (LRScheduler s : old.scheds) {
            saved.add(JSON.writeValueAsString(s.stateDict()));
        }
        Run fresh = build(sc);
        for (int g = 0; g < groupState.size(); g++) {
            ParamGroup<Object> group = fresh.opt.paramGroups().get(g);
            groupState.get(g).forEach(group::set);
        }
        for (int k = 0; k < saved.size(); k++) {
            fresh.scheds.get(k).loadStateDict(JSON.readValue(saved.get(k), new TypeReference<Map<String, Object>>() {
            }));
        }
        return fresh;
    }

    static void assertClose(double expected, double actual, String what) {
        double tol = RTOL * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-15;
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " (PyTorch) but got " + actual);
        }
        assertEquals(expected, actual, tol, what);
    }
}
