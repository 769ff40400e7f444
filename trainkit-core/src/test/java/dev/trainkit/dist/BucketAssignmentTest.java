package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyTorch 1.13's compute_bucket_assignment_by_size; goldens from tools/golden/gen_ddp_buckets.py. */
class BucketAssignmentTest {

    static JsonNode golden() throws IOException {
        try (InputStream in = BucketAssignmentTest.class.getResourceAsStream("/golden/dist/ddp_buckets.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static List<List<Integer>> buckets(JsonNode node) {
        List<List<Integer>> out = new ArrayList<>();
        for (JsonNode b : node) {
            List<Integer> bucket = new ArrayList<>();
            b.forEach(i -> bucket.add(i.asInt()));
            out.add(bucket);
        }
        return out;
    }

    @Test
    void assignmentMatchesPyTorch() throws IOException {
        JsonNode root = golden();
        assertEquals(root.get("first_bucket_bytes").asLong(), BucketAssignment.FIRST_BUCKET_BYTES);
        int checked = 0;
        int exact = 0;
        for (JsonNode c : root.get("assignment")) {
            List<Tensor> tensors = new ArrayList<>();
            for (JsonNode t : c.get("tensors")) {
                tensors.add(Torch.zeros(DType.of(t.get(1).asText()), t.get(0).asLong()));
            }
            long[] limits = new long[c.get("limits").size()];
            for (int i = 0; i < limits.length; i++) {
                limits[i] = c.get("limits").get(i).asLong();
            }
            List<List<Integer>> expected = buckets(c.get("buckets"));
            List<List<Integer>> actual = BucketAssignment.assign(tensors, limits);
            // the closed buckets in order; the (at most one per dtype) still open at the end in any order
            int open = (int) tensors.stream().map(Tensor::dtype).distinct().count();
            int closed = Math.max(0, expected.size() - open);
            assertEquals(expected.size(), actual.size(), c.toString());
            assertEquals(expected.subList(0, closed), actual.subList(0, closed), c.toString());
            assertEquals(new HashSet<>(expected.subList(closed, expected.size())),
                    new HashSet<>(actual.subList(closed, actual.size())), c.toString());
            exact += expected.equals(actual) ? 1 : 0;
            checked++;
        }
        assertTrue(checked >= 15, "only " + checked + " cases");
        assertTrue(exact >= checked - 2, "in order: only " + exact + " of " + checked);
    }

    @Test
    void aBucketClosesWhenItReachesItsLimitAndEachDtypeFillsItsOwn() {
        Tensor f400 = Torch.zeros(100);
        Tensor d400 = Torch.zeros(DType.FLOAT64, 50);
        // 400 + 400 bytes of float32 reach 800: closed first; then the open ones, latest dtype first (as torch 1.13)
        assertEquals(List.of(List.of(0, 2), List.of(1), List.of(3)),
                BucketAssignment.assign(List.of(f400, d400, f400, f400), new long[] {800}));
        assertEquals(List.of(List.of(0, 1, 2)), BucketAssignment.assign(List.of(f400, f400, f400), new long[] {Long.MAX_VALUE}));
        assertEquals(List.of(), BucketAssignment.assign(List.of(), new long[] {1}));
    }

    @Test
    void noLimitsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BucketAssignment.assign(List.of(Torch.zeros(1)), new long[0]));
        assertEquals("limits: expected at least one bucket size limit, got none", e.getMessage());
    }
}
