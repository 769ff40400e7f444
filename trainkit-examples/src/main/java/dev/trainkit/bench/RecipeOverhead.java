package dev.trainkit.bench;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.ClipGrad;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.WeightDecayGroups;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.train.ModelEma;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.transforms.MixedBatch;
import dev.trainkit.vision.transforms.MixupCutmix;
import dev.trainkit.vision.transforms.RandomDraws;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the training side of torchvision's recipe adds to one optimizer step, measured in one
 * process with the plain and the recipe step interleaved: a plain step (forward, cross-entropy
 * on labels, backward, SGD) against a recipe step (MixUp/CutMix on the batch, label-smoothed
 * cross-entropy on soft targets, gradient-norm clipping, SGD over the weight-decay groups, an
 * EMA update), plus the EMA update and the batch mixing alone. Prints the medians in ms.
 *
 * <p>Command line: {@code java -cp ... dev.trainkit.bench.RecipeOverhead [MODEL] [BATCH] [SIZE] [ROUNDS]}
 * (defaults resnet18, 64, 32, 10).
 */
public final class RecipeOverhead {
    private RecipeOverhead() {
    }

    /** Runs the measurement and prints one line per quantity. */
    public static void main(String[] args) {
        String modelName = args.length > 0 ? args[0] : "resnet18";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Torch.manualSeed(0);
        Module model = Models.create(modelName + "(num_classes=10)");
        model.train();
        Tensor images = TensorScope.escape(Torch.randn(batch, 3, size, size));
        Tensor labels = TensorScope.escape(Torch.randint(0, 10, batch));
        String spec = "SGD(lr=0.01, momentum=0.9, weight_decay=1e-4)";
        Optimizer plainOpt = Optimizers.create(spec, model.parameters());
        Optimizer recipeOpt = Optimizers.create(spec, WeightDecayGroups.of(model, 1e-4, 0.0,
                WeightDecayGroups.torchvisionKeys(0.0, null)));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        CrossEntropyLoss smoothed = new CrossEntropyLoss().labelSmoothing(0.1);
        MixupCutmix mix = MixupCutmix.of(10, 0.2, 1.0);
        ModelEma ema = new ModelEma(model, 0.999, true);
        SplittableRandom rng = new SplittableRandom(1);
        double[][] ms = new double[4][rounds];
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            long t0 = System.nanoTime();
            try (TensorScope s = TensorScope.open()) {
                plainOpt.zeroGrad();
                ce.forward(model.forward(images), labels).backward();
                plainOpt.step();
            }
            long t1 = System.nanoTime();
            try (TensorScope s = TensorScope.open()) {
                recipeOpt.zeroGrad();
                MixedBatch m = mix.apply(images, labels, RandomDraws.of(rng));
                smoothed.forward(model.forward(m.images()), m.targets()).backward();
                ClipGrad.clipGradNorm_(model.parameters(), 1.0);
                recipeOpt.step();
                ema.update(model);
            }
            long t2 = System.nanoTime();
            ema.update(model);
            long t3 = System.nanoTime();
            try (TensorScope s = TensorScope.open()) {
                mix.apply(images, labels, RandomDraws.of(rng)).images().to(DType.FLOAT32);
            }
            long t4 = System.nanoTime();
            if (r >= 0) {
                ms[0][r] = (t1 - t0) / 1e6;
                ms[1][r] = (t2 - t1) / 1e6;
                ms[2][r] = (t3 - t2) / 1e6;
                ms[3][r] = (t4 - t3) / 1e6;
            }
        }
        String[] names = {"plain step", "recipe step (mix + smoothed CE + clip + groups + EMA every step)",
                "EMA update alone", "MixUp/CutMix alone"};
        System.out.printf("%s, batch %d of 3x%dx%d, %d interleaved rounds, %d threads%n", modelName, batch, size, size,
                rounds, Torch.numThreads());
        for (int i = 0; i < names.length; i++) {
            double[] v = ms[i].clone();
            Arrays.sort(v);
            System.out.printf("  %-70s median %8.1f ms  (min %.1f, max %.1f)%n", names[i], v[v.length / 2], v[0],
                    v[v.length - 1]);
        }
    }
}
