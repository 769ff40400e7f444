package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Dataset;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyTorch's DistributedSampler rules; goldens from tools/golden/gen_distributed_sampler.py (torch 1.13). */
class DistributedSamplerTest {

    @Test
    void paddingAndSplitMatchPyTorch() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/golden/dist/distributed_sampler.json")) {
            root = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            int n = c.get("n").asInt();
            int world = c.get("world").asInt();
            boolean dropLast = c.get("drop_last").asBoolean();
            for (int r = 0; r < world; r++) {
                DistributedSampler s = new DistributedSampler(n, world, r, false, 0, dropLast);
                String where = "n=" + n + " world=" + world + " rank=" + r + " drop_last=" + dropLast;
                assertEquals(c.get("length").asInt(), s.length(), where);
                assertEquals(c.get("total_size").asInt(), s.totalSize(), where);
                int[] expected = new int[c.get("indices").get(r).size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = c.get("indices").get(r).get(i).asInt();
                }
                assertArrayEquals(expected, s.indices(0), where);
                checked++;
            }
        }
        assertTrue(checked > 100, "only " + checked + " cases");
    }

    @Test
    void shuffledEpochIsOnePermutationSplitAcrossRanks() {
        int n = 10;
        int world = 3;
        // 10 items over 3 ranks: 4 each, 2 padding items repeated from the start of the order
        int[] counts = new int[n];
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < world; r++) {
            int[] idx = new DistributedSampler(n, world, r, true, 42, false).indices(5);
            assertEquals(4, idx.length);
            for (int i : idx) {
                counts[i]++;
                all.add(i);
            }
        }
        assertEquals(12, all.size());
        assertEquals(10, Arrays.stream(counts).filter(k -> k >= 1).count(), "every item is visited");
        assertEquals(2, Arrays.stream(counts).filter(k -> k == 2).count(), "two padding repeats");
        // with drop_last the ranks are disjoint and the tail is dropped
        int[] seen = new int[n];
        for (int r = 0; r < world; r++) {
            for (int i : new DistributedSampler(n, world, r, true, 42, true).indices(5)) {
                seen[i]++;
            }
        }
        assertEquals(9, Arrays.stream(seen).sum());
        assertTrue(Arrays.stream(seen).allMatch(k -> k <= 1));
    }

    @Test
    void orderDependsOnSeedPlusEpochOnly() {
        DistributedSampler a = new DistributedSampler(100, 2, 0, true, 7, false);
        DistributedSampler b = new DistributedSampler(100, 2, 0, true, 7, false);
        assertArrayEquals(a.indices(3), b.indices(3), "same seed and epoch, same order");
        assertFalse(Arrays.equals(a.indices(3), a.indices(4)), "a new epoch reshuffles");
        assertArrayEquals(a.indices(3), new DistributedSampler(100, 2, 0, true, 8, false).indices(2),
                "PyTorch seeds the shuffle with seed + epoch");
        a.setEpoch(4);
        assertArrayEquals(a.indices(4), a.indices());
        assertArrayEquals(new int[] {0, 2, 4, 6}, new DistributedSampler(8, 2, 0, false, 7, false).indices(9),
                "no shuffle: the epoch does not matter");
    }

    @Test
    void dataLoaderVisitsTheSamplersIndicesPerEpoch() {
        Dataset<Integer> ds = new Dataset<>() {
            public int size() {
                return 10;
            }

            public Integer get(int i) {
                return i;
            }
        };
        DistributedSampler s = new DistributedSampler(10, 2, 1, true, 3, false);
        try (DataLoader<Integer, List<Integer>> loader = DataLoader.builder(ds, (List<Integer> xs) -> xs)
                .batchSize(2).sampler(s).build()) {
            assertEquals(3, loader.numBatches());
            for (int e = 0; e < 2; e++) {
                List<Integer> got = new ArrayList<>();
                for (List<Integer> batch : loader) {
                    got.addAll(batch);
                }
                assertEquals(Arrays.stream(s.indices(e)).boxed().toList(), got, "epoch " + e);
            }
            loader.setEpoch(0);
            List<Integer> again = new ArrayList<>();
            loader.forEach(again::addAll);
            assertEquals(Arrays.stream(s.indices(0)).boxed().toList(), again);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(ds, (List<Integer> xs) -> xs).shuffle(true).sampler(s).build());
        assertTrue(e.getMessage().contains("mutually exclusive"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 2, 2));
        assertTrue(e.getMessage().contains("rank") && e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 0, 0));
        assertTrue(e.getMessage().startsWith("numReplicas"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(-1, 2, 0));
        assertTrue(e.getMessage().startsWith("datasetSize"), e.getMessage());
    }
}
