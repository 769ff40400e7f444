package dev.trainkit.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Replays draws logged from torchvision (tools/golden/gen_augment.py) or written by a test:
 * each call must be of the logged kind with the logged bounds, in the logged order, so a
 * transform that draws differently from torchvision fails.
 */
final class ScriptedDraws implements RandomDraws {
    private final Deque<JsonNode> log = new ArrayDeque<>();

    ScriptedDraws(JsonNode draws) {
        draws.forEach(log::add);
    }

    private JsonNode next(String kind) {
        JsonNode d = log.poll();
        assertTrue(d != null, "drew " + kind + " after the logged draws ran out");
        assertEquals(d.get("kind").asText(), kind, "draw kind out of torchvision's order");
        return d;
    }

    @Override
    public long randint(long low, long high) {
        JsonNode d = next("randint");
        assertEquals(d.get("low").asLong(), low, "randint low");
        assertEquals(d.get("high").asLong(), high, "randint high");
        return d.get("value").asLong();
    }

    @Override
    public double rand() {
        return next("rand").get("value").asDouble();
    }

    @Override
    public double uniform(double low, double high) {
        JsonNode d = next("uniform");
        return d.get("value").asDouble();
    }

    @Override
    public double normal() {
        return next("normal").get("value").asDouble();
    }

    @Override
    public double[] dirichlet(double[] alpha) {
        JsonNode d = next("dirichlet");
        double[] want = new double[d.get("alpha").size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = d.get("alpha").get(i).asDouble();
        }
        assertArrayEquals(want, alpha, 1e-6, "dirichlet concentration (torch holds it as float32)");
        double[] v = new double[d.get("value").size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.get("value").get(i).asDouble();
        }
        return v;
    }

    /** Whether every logged draw was used. */
    boolean exhausted() {
        return log.isEmpty();
    }
}
