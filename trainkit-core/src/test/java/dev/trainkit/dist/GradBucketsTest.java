package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The overlapped reducer's buckets in a world of one: after the first backward they are PyTorch's
 * rebuilt buckets (Reducer::rebuild_buckets, goldens from tools/golden/gen_ddp_buckets.py), and the
 * gradients are the plain backward's.
 */
class GradBucketsTest extends WorldOfOne {

    private static List<Parameter> trainable(Module m, Set<String> frozen) {
        List<Parameter> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            if (frozen.contains(e.getKey())) {
                e.getValue().requiresGrad_(false);
            } else {
                out.add(e.getValue());
            }
        }
        return out;
    }

    @Test
    void rebuiltBucketsMatchPyTorch() throws Exception {
        int checked = 0;
        for (JsonNode c : BucketAssignmentTest.golden().get("rebuilt")) {
            Set<String> frozen = new HashSet<>();
            c.get("frozen").forEach(n -> frozen.add(n.asText()));
            Torch.manualSeed(0);
            Module m = Models.create(c.get("model").asText());
            List<Parameter> params = trainable(m, frozen);
            GradBuckets gb = new GradBuckets(pg, params, BucketAssignment.FIRST_BUCKET_BYTES,
                    (long) (c.get("bucket_cap_mb").asDouble() * 1024 * 1024), true);
            String where = c.get("model").asText() + " frozen=" + frozen + " cap=" + c.get("bucket_cap_mb");
            assertEquals(1, gb.size(), "one bucket per dtype before the gradient order is known: " + where);
            assertFalse(gb.isRebuilt());
            try (TensorScope s = TensorScope.open()) {
                gb.backward(m.forward(Torch.randn(2, 3, 32, 32)).sum());
            }
            assertTrue(gb.isRebuilt(), where);
            assertEquals(BucketAssignmentTest.buckets(c.get("buckets")), gb.bucketIndices(), where);
            List<Long> bytes = new ArrayList<>();
            for (List<Integer> b : gb.bucketIndices()) {
                bytes.add(b.stream().mapToLong(i -> params.get(i).numel() * 4).sum());
            }
            List<Long> expected = new ArrayList<>();
            c.get("bucket_bytes").forEach(n -> expected.add(n.asLong()));
            assertEquals(expected, bytes, where);
            checked++;
        }
        assertEquals(9, checked);
    }

    @Test
    void overlappedBackwardGivesThePlainGradientsBeforeAndAfterTheRebuild() {
        Torch.manualSeed(1);
        Module m = Models.create("resnet18(num_classes=3)");
        List<Parameter> params = trainable(m, Set.of());
        GradBuckets gb = new GradBuckets(pg, params, BucketAssignment.FIRST_BUCKET_BYTES, 4L << 20, true);
        Tensor x = Torch.randn(2, 3, 32, 32);
        m.eval(); // no running-stat updates: every pass sees the same function
        for (int pass = 0; pass < 3; pass++) {
            try (TensorScope s = TensorScope.open()) {
                m.zeroGrad();
                m.forward(x).pow(2).sum().backward();
                List<Tensor> plain = new ArrayList<>();
                params.forEach(p -> plain.add(p.grad().clone()));
                m.zeroGrad();
                gb.backward(m.forward(x).pow(2).sum());
                for (int i = 0; i < params.size(); i++) {
                    assertTrue(plain.get(i).allclose(params.get(i).grad(), 1e-6, 1e-6), "pass " + pass + " parameter " + i);
                }
            }
        }
        assertTrue(gb.size() > 2, gb.toString());
        assertEquals(gb.size(), gb.startedDuringBackward, "every bucket launched from inside autograd once rebuilt");
    }

    @Test
    void aCollectedReducerLeavesItsParametersTrainable() throws InterruptedException {
        Torch.manualSeed(2);
        Module m = Models.create("resnet18(num_classes=3)");
        Tensor x = Torch.randn(2, 3, 32, 32);
        m.eval();
        new GradBuckets(pg, trainable(m, Set.of()), BucketAssignment.FIRST_BUCKET_BYTES, 4L << 20, true);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // JavaCPP's deallocator thread frees what the collection found
        }
        // the dropped reducer's hooks are still registered on the parameters and fire here
        for (int pass = 0; pass < 2; pass++) {
            try (TensorScope s = TensorScope.open()) {
                m.zeroGrad();
                m.forward(x).pow(2).sum().backward();
                assertTrue(m.namedParameters().get("fc.weight").grad().abs().sum().item() > 0);
            }
        }
    }
}
