package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WeightedRandomSampler and RASampler against PyTorch 1.13 / torchvision's reference sampler
 * ({@code tools/golden/gen_samplers.py}): the same indices, exactly, for the same seeds.
 */
class SamplersGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SamplersGoldenTest.class.getResourceAsStream("/golden/data/samplers.json")) {
            assertNotNull(in, "golden/data/samplers.json on the test classpath");
            golden = new ObjectMapper().readTree(in);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    @Test
    void weightedRandomSamplerDrawsPyTorchsIndicesEpochAfterEpoch() {
        for (JsonNode c : golden.get("weighted")) {
            double[] w = new double[c.get("weights").size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = c.get("weights").get(i).asDouble();
            }
            WeightedRandomSampler s = new WeightedRandomSampler(w, c.get("num_samples").asInt(),
                    c.get("replacement").asBoolean(), c.get("seed").asLong());
            JsonNode epochs = c.get("epochs");
            for (int e = 0; e < epochs.size(); e++) {
                assertArrayEquals(ints(epochs.get(e)), s.indices(e), s + " epoch " + e);
            }
            // an earlier epoch replays the generator: the numbers depend only on the epoch
            assertArrayEquals(ints(epochs.get(1)), s.indices(1), s + " epoch 1 again");
            assertEquals(c.get("num_samples").asInt(), s.length());
        }
    }

    @Test
    void raSamplerGivesTorchvisionsIndicesForEveryRank() {
        for (JsonNode c : golden.get("ra")) {
            int replicas = c.get("num_replicas").asInt();
            for (int rank = 0; rank < replicas; rank++) {
                RASampler s = new RASampler(c.get("n").asInt(), replicas, rank, c.get("shuffle").asBoolean(),
                        c.get("seed").asLong(), c.get("repetitions").asInt());
                assertEquals(c.get("length").asInt(), s.length(), s.toString());
                for (int e = 0; e < 2; e++) {
                    assertArrayEquals(ints(c.get("indices").get(rank).get(e)), s.indices(e), s + " epoch " + e);
                }
            }
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightedRandomSampler(new double[] {1, 2}, 0, true, 0));
        assertTrue(e.getMessage().contains("num_samples should be a positive integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, -2}, 1, true, 0));
        assertTrue(e.getMessage().contains("weights[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, 0}, 2, false, 0));
        assertTrue(e.getMessage().contains("without replacement"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {0, 0}, 1, true, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new RASampler(200, 1, 0));
        assertTrue(e.getMessage().contains("at least 256 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RASampler(1000, 2, 2));
        assertTrue(e.getMessage().contains("Invalid rank 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RASampler(1000, 2, 0, true, 0, 0));
    }
}
