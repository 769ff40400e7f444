package dev.trainkit.bench;

import dev.trainkit.dist.ReduceOp;
import dev.trainkit.dist.DistributedTraining;
import dev.trainkit.dist.DistributedLauncher;
import dev.trainkit.dist.DistributedDataParallel;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.SGD;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.Arrays;

/**
 * Measures data-parallel training throughput on this machine: N local workers (through
 * {@link DistributedLauncher}) train a model from the zoo (default: the demo's
 * {@code resnet18(num_classes=5)} on 3×32×32 inputs) on random data with
 * {@link DistributedDataParallel} and SGD with momentum; rank 0 prints the median step time and
 * the samples per second of the whole job (the slowest rank's median). Report-only, not a test.
 * The per-rank batch is fixed (weak scaling, the usual DDP setting). Random data isolates the
 * model step and the all-reduce from data loading; {@code trainkit train --nproc N} measures the
 * whole pipeline ({@code tools/bench/dist_throughput.sh} runs both).
 *
 * <pre>{@code
 * java -cp target/classes:$(cat cp.txt) dev.trainkit.bench.DistributedThroughput 2 32 30 5 overlap
 * // args: NPROC PER_RANK_BATCH STEPS WARMUP overlap|after [MODEL_SPEC [IMAGE_SIZE]]
 * // like timing torchrun --nproc_per_node 2 a DDP training loop
 * }</pre>
 */
public final class DistributedThroughput {
    /** The demo's model ({@code train.Demo.MODEL}; not referenced: train depends on dist). */
    static final String DEFAULT_MODEL = "resnet18(num_classes=5)";
    /** The demo's input size. */
    static final int DEFAULT_IMAGE_SIZE = 32;

    private DistributedThroughput() {
    }

    /** The number of logits the model gives for one input (eval mode, no autograd). */
    static int numClasses(Module model, int size) {
        model.eval();
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            return (int) model.forward(Torch.zeros(1, 3, size, size)).shape()[1];
        } finally {
            model.train();
        }
    }

    /**
     * {@code NPROC PER_RANK_BATCH STEPS WARMUP overlap|after [MODEL_SPEC [IMAGE_SIZE]]}; the
     * parent launches the workers (also for NPROC 1, so that both settings start alike), the
     * workers train.
     */
    public static void main(String[] args) {
        if (args.length < 5 || args.length > 7) {
            throw new IllegalArgumentException("arguments: expected NPROC PER_RANK_BATCH STEPS WARMUP overlap|after"
                    + " [MODEL_SPEC [IMAGE_SIZE]], got " + Arrays.toString(args));
        }
        int nproc = Integer.parseInt(args[0]);
        if (!DistributedTraining.isWorker()) {
            System.exit(DistributedLauncher.launch(nproc, DistributedThroughput.class.getName(), args));
        }
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        boolean overlap = !args[4].equals("after");
        String spec = args.length > 5 ? args[5] : DEFAULT_MODEL;
        int size = args.length > 6 ? Integer.parseInt(args[6]) : DEFAULT_IMAGE_SIZE;
        DistributedTraining.runWorker(pg -> {
            Torch.manualSeed(0);
            Module model = Models.create(spec);
            int classes = numClasses(model, size);
            DistributedDataParallel ddp = new DistributedDataParallel(model, pg,
                    DistributedDataParallel.DEFAULT_BUCKET_CAP_MB, true, overlap);
            SGD opt = new SGD(ddp.parameters(), 0.01, 0.9);
            CrossEntropyLoss ce = new CrossEntropyLoss();
            Torch.manualSeed(1 + pg.rank());
            double[] ms = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                try (TensorScope scope = TensorScope.open()) {
                    Tensor x = Torch.randn(batch, 3, size, size);
                    Tensor y = Torch.randint(0, classes, batch);
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
                    "model=%s input=3x%dx%d world_size=%d threads_per_rank=%d batch_per_rank=%d mode=%s buckets=%d:"
                            + " %.1f ms/step, %.1f samples/s",
                    spec, size, size, pg.worldSize(), Torch.numThreads(), batch, overlap ? "overlap" : "after",
                    ddp.numBuckets(), jobMedian, pg.worldSize() * batch / (jobMedian / 1000)));
        });
    }
}
