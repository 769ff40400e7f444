package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.BatchNorm1d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyncBatchNorm over two ranks (two threads of this JVM, Gloo over a FileStore) against one
 * BatchNorm over the concatenated batch: outputs, input gradients, parameter gradients (summed
 * over ranks) and running statistics agree to 1e-5.
 */
class SyncBatchNormTest {
    private static final int[] BATCH = {3, 2};  // uneven per-rank batches: the global count is all-reduced
    private static final int C = 4;
    private static final int L = 5;
    private static final int STEPS = 2;

    @TempDir
    Path dir;

    /** Everything one run produces, flattened: per step outputs and input gradients, then parameter grads and stats. */
    private record Result(List<float[]> outputs, List<float[]> inputGrads, float[] weightGrad, float[] biasGrad,
                          float[] runningMean, float[] runningVar, long tracked) {
    }

    // drawn once, before the rank threads start: the global generator is shared by all threads
    private static final List<Tensor> INPUTS = new ArrayList<>();
    private static final List<Tensor> OUTPUT_WEIGHTS = new ArrayList<>();

    static {
        for (int step = 0; step < STEPS; step++) {
            Torch.manualSeed(100 + step);
            INPUTS.add(Torch.randn(BATCH[0] + BATCH[1], C, L).mul(2).add(0.5));
            Torch.manualSeed(200 + step);
            OUTPUT_WEIGHTS.add(Torch.randn(BATCH[0] + BATCH[1], C, L));
        }
    }

    private static Tensor input(int step) {
        return INPUTS.get(step);
    }

    private static Tensor outputWeights(int step) {
        return OUTPUT_WEIGHTS.get(step);
    }

    private static BatchNorm1d batchNorm() {
        BatchNorm1d bn = new BatchNorm1d(C);
        try (NoGrad ng = NoGrad.enter()) {
            bn.weight.copy_(Torch.tensor(new float[] {1.5f, 0.5f, -1f, 2f}, C));
            bn.bias.copy_(Torch.tensor(new float[] {0.1f, -0.2f, 0.3f, 0f}, C));
        }
        return bn;
    }

    /** Runs STEPS training steps of {@code layer} on rows [from, from + n) of each step's batch. */
    private static Result run(Module layer, int from, int n) {
        List<float[]> outs = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Tensor x = input(step).narrow(0, from, n).clone().requiresGrad_(true);
            Tensor y = layer.forward(x);
            y.mul(outputWeights(step).narrow(0, from, n)).sum().backward();
            outs.add(y.detach().toFloatArray());
            grads.add(x.grad().toFloatArray());
        }
        Tensor weight = layer.namedParameters().get("weight");
        Tensor bias = layer.namedParameters().get("bias");
        Tensor rm = layer.stateDict().get("running_mean");
        Tensor rv = layer.stateDict().get("running_var");
        return new Result(outs, grads, weight.grad().toFloatArray(), bias.grad().toFloatArray(), rm.toFloatArray(),
                rv.toFloatArray(), layer.stateDict().get("num_batches_tracked").itemLong());
    }

    private static void close(float[] expected, float[] actual, int offset, String what) {
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[offset + i], actual[i], 1e-5, what + "[" + i + "]");
        }
    }

    @Test
    void twoRanksWithSyncBatchNormEqualOneProcessWithTheWholeBatch() throws Exception {
        Result reference = run(batchNorm(), 0, BATCH[0] + BATCH[1]);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Result>> ranks = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int rank = r;
                ranks.add(pool.submit(() -> {
                    try (ProcessGroup pg = ProcessGroup.init(DistributedEnv.ofFileStore(rank, 2, dir.resolve("store")))) {
                        Module model = SyncBatchNorm.convertSyncBatchnorm(new Sequential(batchNorm()), pg);
                        Module layer = model.getSubmodule("0");
                        assertInstanceOf(SyncBatchNorm.class, layer);
                        Result res = run(layer, rank == 0 ? 0 : BATCH[0], BATCH[rank]);
                        pg.barrier();
                        return res;
                    }
                }));
            }
            int rowSize = C * L;
            float[] weightGrad = new float[C];
            float[] biasGrad = new float[C];
            for (int rank = 0; rank < 2; rank++) {
                Result res = ranks.get(rank).get(120, TimeUnit.SECONDS);
                int offset = rank == 0 ? 0 : BATCH[0] * rowSize;
                for (int step = 0; step < STEPS; step++) {
                    close(reference.outputs().get(step), res.outputs().get(step), offset, "rank " + rank + " output step " + step);
                    close(reference.inputGrads().get(step), res.inputGrads().get(step), offset,
                            "rank " + rank + " input grad step " + step);
                }
                close(reference.runningMean(), res.runningMean(), 0, "rank " + rank + " running_mean");
                close(reference.runningVar(), res.runningVar(), 0, "rank " + rank + " running_var");
                assertEquals(reference.tracked(), res.tracked());
                for (int c = 0; c < C; c++) {
                    weightGrad[c] += res.weightGrad()[c];
                    biasGrad[c] += res.biasGrad()[c];
                }
            }
            // the parameter gradients are local, as PyTorch's (DDP then reduces them): their sum is the whole batch's
            close(reference.weightGrad(), weightGrad, 0, "weight grad summed over ranks");
            close(reference.biasGrad(), biasGrad, 0, "bias grad summed over ranks");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetainedGraphCanRunBackwardAgainAfterLaterForwards() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[][]>> ranks = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int rank = r;
                ranks.add(pool.submit(() -> {
                    try (ProcessGroup pg = ProcessGroup.init(DistributedEnv.ofFileStore(rank, 2, dir.resolve("retained")))) {
                        Module layer = SyncBatchNorm.convertSyncBatchnorm(batchNorm(), pg);
                        int from = rank == 0 ? 0 : BATCH[0];
                        Tensor x = input(0).narrow(0, from, BATCH[rank]).clone().requiresGrad_(true);
                        Tensor loss = layer.forward(x).mul(outputWeights(0).narrow(0, from, BATCH[rank])).sum();
                        loss.backward(Torch.onesLike(loss), true);
                        float[] once = x.grad().toFloatArray();
                        for (int step = 1; step < 3; step++) {
                            layer.forward(input(1).narrow(0, from, BATCH[rank]).clone()).sum().backward();
                            System.gc();
                            Thread.sleep(100); // JavaCPP's deallocator thread frees what the collection found
                        }
                        loss.backward(Torch.onesLike(loss), false); // runs the first forward's hooks again
                        pg.barrier();
                        return new float[][] {once, x.grad().toFloatArray()};
                    }
                }));
            }
            for (int rank = 0; rank < 2; rank++) {
                float[][] g = ranks.get(rank).get(120, TimeUnit.SECONDS);
                for (int i = 0; i < g[0].length; i++) {
                    assertEquals(2 * g[0][i], g[1][i], 1e-5, "rank " + rank + " input grad[" + i + "]");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAProcessGroupItIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyncBatchNorm(4, null));
        assertTrue(e.getMessage().contains("process_group"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SyncBatchNorm.convertSyncBatchnorm(new Sequential(new BatchNorm1d(4)), null));
        assertTrue(e.getMessage().contains("process_group"), e.getMessage());
    }
}
