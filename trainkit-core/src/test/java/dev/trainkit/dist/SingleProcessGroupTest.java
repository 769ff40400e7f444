package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Collectives and DDP in a world of one over a c10d FileStore (the TRAINKIT_STORE_PATH rendezvous), in the test JVM. */
class SingleProcessGroupTest extends WorldOfOne {

    @Test
    void collectivesOfAWorldOfOne() {
        assertEquals(0, pg.rank());
        assertEquals(1, pg.worldSize());
        assertTrue(pg.isMain());
        Tensor t = Torch.tensor(new float[] {1, 2, 3}, 3);
        pg.allReduce(t, ReduceOp.AVG);
        assertArrayEquals(new float[] {1, 2, 3}, t.toFloatArray());
        pg.allReduce(t, ReduceOp.MAX);
        pg.broadcast(t, 0);
        pg.barrier();
        assertArrayEquals(new float[] {1, 2, 3}, t.toFloatArray());
        assertArrayEquals(new double[] {0.25}, pg.allGather(0.25));
        assertEquals(2.5, pg.allReduce(2.5, ReduceOp.SUM));
        assertEquals(2.5, DistributedTraining.mean(pg, 2.5));
    }

    @Test
    void coalescedBroadcastKeepsEveryTensorsShapeDtypeAndValues() {
        Tensor a = Torch.arange(6).reshape(2, 3).to(dev.trainkit.tensor.DType.FLOAT32);
        Tensor b = Torch.tensor(new long[] {7, 8}, 2);
        Tensor c = Torch.tensor(new float[] {0.5f}, 1);
        Tensor a0 = a.clone();
        pg.broadcastCoalesced(List.of(a, b, c), 0);
        assertTrue(a.equal(a0));
        assertArrayEquals(new long[] {7, 8}, b.toLongArray());
        assertArrayEquals(new float[] {0.5f}, c.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pg.broadcastCoalesced(List.of(a), 2));
        assertEquals("src: expected a rank in [0, 0], got 2", e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor t = Torch.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pg.broadcast(t, 1));
        assertEquals("src: expected a rank in [0, 0], got 1", e.getMessage());
        Tensor strided = Torch.zeros(4, 4).transpose(0, 1);
        e = assertThrows(IllegalArgumentException.class, () -> pg.allReduce(strided, ReduceOp.SUM));
        assertTrue(e.getMessage().startsWith("allReduce: expected a contiguous tensor"), e.getMessage());
        assertThrows(NullPointerException.class, () -> pg.allReduce(t, null));
    }

    @Test
    void ddpOfOneKeepsGradientsAndPrefixesStateDict() {
        Torch.manualSeed(3);
        Module m = new Sequential(new Linear(3, 2));
        DistributedDataParallel ddp = new DistributedDataParallel(m, pg);
        Tensor x = Torch.randn(5, 3);
        ddp.backward(ddp.forward(x).pow(2).sum());
        Tensor g = m.parameters().get(0).grad().clone();
        ddp.syncGradients();
        assertTrue(g.equal(m.parameters().get(0).grad()));
        assertTrue(ddp.stateDict().containsKey("module.0.weight"), ddp.stateDict().keySet().toString());
        assertEquals(1, ddp.numBuckets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedDataParallel(m, pg, 0, true, true));
        assertTrue(e.getMessage().startsWith("bucketCapMb:"), e.getMessage());
    }

    @Test
    void withoutHooksBucketsFollowReverseOrderAndPyTorchsLimits() {
        Parameter a = new Parameter(Torch.zeros(100));      // 400 bytes
        Parameter b = new Parameter(Torch.zeros(50));       // 200 bytes
        Parameter c = new Parameter(Torch.zeros(300_000));  // 1.2 MB: reaches the 1 MiB first bucket alone
        Parameter d = new Parameter(Torch.zeros(200));      // 800 bytes
        GradBuckets gb = new GradBuckets(pg, List.of(a, b, c, d), BucketAssignment.FIRST_BUCKET_BYTES, 1000, false);
        assertTrue(gb.isRebuilt(), "nothing to record without hooks");
        // reverse order: d (800) + c closes the 1 MiB bucket; b + a (600) stay open under 1000
        assertEquals(List.of(List.of(3, 2), List.of(1, 0)), gb.bucketIndices());
        assertEquals("buckets=2, bucket_bytes=[1200800, 600]", gb.toString());
        Module m = new Sequential(new Linear(3, 2), new Linear(2, 2));
        m.namedParameters().get("0.weight").requiresGrad_(false);
        m.namedParameters().get("0.bias").requiresGrad_(false);
        DistributedDataParallel ddp = new DistributedDataParallel(m, pg);
        // frozen parameters are not reduced: only the second layer's 6 floats
        assertEquals("world_size=1, buckets=1, bucket_bytes=[24]", ddp.extraRepr());
    }

    @Test
    void runOnMainRunsOnRankZeroAndPropagatesItsFailure() {
        int[] runs = new int[1];
        DistributedTraining.runOnMain(pg, () -> runs[0]++);
        assertEquals(1, runs[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DistributedTraining.runOnMain(pg, () -> {
                    throw new IllegalStateException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        pg.barrier();
    }
}
