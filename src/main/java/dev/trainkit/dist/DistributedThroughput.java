package dev.trainkit.dist;

import dev.trainkit.nn.AdaptiveAvgPool2d;
import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Measures data-parallel training throughput on this machine: N local workers (through
 * {@link DistributedLauncher}) train a small CNN (three 3×3 conv blocks with BatchNorm on
 * 32×32×3 inputs, 10 classes, SGD) on random data with {@link DistributedDataParallel}; rank 0
 * prints the median step time and the samples per second of the whole job. Report-only, not a
 * test. Per-rank batch is fixed (weak scaling, the usual DDP setting).
 *
 * <pre>{@code
 * java -cp target/classes:$(cat cp.txt) dev.trainkit.dist.DistributedThroughput 2 32 30 5 overlap
 * // args: NPROC PER_RANK_BATCH STEPS WARMUP overlap|after
 * // like timing torchrun --nproc_per_node 2 a DDP training loop
 * }</pre>
 */
public final class DistributedThroughput {
    private DistributedThroughput() {
    }

    /** The model: a few conv blocks, as the demo CNN is not merged yet. */
    static Module model() {
        return new Sequential(
                new Conv2d(3, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Conv2d(64, 128, 3, 1, 1), new BatchNorm2d(128), new ReLU(),
                new AdaptiveAvgPool2d(1), new Flatten(), new Linear(128, 10));
    }

    /** {@code NPROC PER_RANK_BATCH STEPS WARMUP overlap|after}; the parent launches, workers train. */
    public static void main(String[] args) {
        int nproc = Integer.parseInt(args[0]);
        if (!DistributedTraining.isWorker()) {
            // launch even for nproc = 1, so that both settings start the same way
            OptionalInt code = OptionalInt.of(DistributedLauncher.launch(nproc, DistributedThroughput.class.getName(), args));
            System.exit(code.getAsInt());
        }
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        boolean overlap = !args[4].equals("after");
        DistributedTraining.runWorker(pg -> {
            Torch.manualSeed(0);
            DistributedDataParallel ddp = new DistributedDataParallel(model(), pg,
                    DistributedDataParallel.DEFAULT_BUCKET_CAP_MB, true, overlap);
            SGD opt = new SGD(ddp.parameters(), 0.01, 0.9);
            CrossEntropyLoss ce = new CrossEntropyLoss();
            Torch.manualSeed(1 + pg.rank());
            double[] ms = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                try (TensorScope scope = TensorScope.open()) {
                    Tensor x = Torch.randn(batch, 3, 32, 32);
                    Tensor y = Torch.randint(0, 10, batch);
                    opt.zeroGrad();
                    ddp.backward(ce.forward(ddp.forward(x), y));
                    opt.step();
                }
                if (s >= warmup) {
                    ms[s - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[steps / 2];
            // the job's step time is the slowest rank's
            double jobMedian = pg.allReduce(median, ReduceOp.MAX);
            DistributedTraining.printMain(pg, String.format(
                    "world_size=%d threads_per_rank=%d batch_per_rank=%d mode=%s buckets=%d: %.1f ms/step, %.1f samples/s",
                    pg.worldSize(), Torch.numThreads(), batch, overlap ? "overlap" : "after", ddp.numBuckets(),
                    jobMedian, pg.worldSize() * batch / (jobMedian / 1000)));
        });
    }
}
