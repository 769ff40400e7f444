package dev.trainkit.examples;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.metrics.TopKAccuracy;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.WeightDecayGroups;
import dev.trainkit.optim.lr.TorchvisionWarmup;
import dev.trainkit.tensor.Torch;
import dev.trainkit.train.EmaConfig;
import dev.trainkit.train.FitResult;
import dev.trainkit.train.Trainer;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.vision.transforms.ClassificationPresetTrain;
import dev.trainkit.vision.transforms.MixupCutmix;
import dev.trainkit.vision.transforms.Transforms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * torchvision's classification recipe through the {@link Trainer} API: the training side of
 * {@code references/classification/train.py} with its flags' meanings, on an ImageFolder
 * ({@code DIR/train}, {@code DIR/val}). It writes a run directory ({@code metrics.csv},
 * {@code checkpoints/} with the two best by {@code ema_val_acc}, {@code model_ema.pth}).
 *
 * <pre>{@code
 * FitResult r = TorchvisionRecipe.run(Path.of("data/imagenette"), Path.of("runs/recipe"), "resnet18", 176, 32, 10);
 * r.metrics().get("ema_val_acc");
 * // python train.py --model resnet18 --epochs 10 --batch-size 32 --lr 0.5 --lr-scheduler cosineannealinglr
 * //   --lr-warmup-epochs 2 --lr-warmup-method linear --lr-warmup-decay 0.01 --label-smoothing 0.1
 * //   --mixup-alpha 0.2 --cutmix-alpha 1.0 --weight-decay 2e-05 --norm-weight-decay 0.0 --bias-weight-decay 0.0
 * //   --model-ema --model-ema-steps 32 --model-ema-decay 0.99998 --clip-grad-norm 1.0 --train-crop-size 176
 * }</pre>
 *
 * <p>Command line: {@code java -cp ... dev.trainkit.examples.TorchvisionRecipe DATA_DIR OUT_DIR [MODEL]
 * [CROP] [BATCH] [EPOCHS]}.
 */
public final class TorchvisionRecipe {
    private TorchvisionRecipe() {
    }

    /**
     * Trains {@code modelSpec} (a zoo name or a TrainKit spec) on {@code data} for {@code epochs}
     * epochs with the recipe; the run directory is {@code out}.
     *
     * @throws IOException if the ImageFolder cannot be read
     */
    public static FitResult run(Path data, Path out, String modelSpec, int cropSize, int batchSize, int epochs)
            throws IOException {
        double[] mean = ClassificationPresetTrain.IMAGENET_MEAN;
        double[] std = ClassificationPresetTrain.IMAGENET_STD;
        // --train-crop-size: RandomResizedCrop + horizontal flip + ToTensor + Normalize
        ImageFolder train = new ImageFolder(data.resolve("train"), new ClassificationPresetTrain(cropSize));
        ImageFolder val = new ImageFolder(data.resolve("val"), Transforms.create("Compose([Resize(" + cropSize
                + "), CenterCrop(" + cropSize + "), ToTensor(), Normalize(mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + ")])"));
        int classes = train.classes().size();
        Torch.manualSeed(0);
        Module model = ModelSpecs.create(modelSpec, new long[] {3, cropSize, cropSize}, classes);
        int warmup = Math.min(2, epochs - 1);
        Trainer trainer = Trainer.builder()
                .maxEpochs(epochs)
                // --label-smoothing 0.1: smooths MixUp/CutMix's soft targets too
                .loss(new CrossEntropyLoss().labelSmoothing(0.1))
                // --weight-decay 2e-05 --norm-weight-decay 0.0 --bias-weight-decay 0.0: utils.set_weight_decay's groups
                .optimizer((m, params) -> Optimizers.create("SGD(lr=0.5, momentum=0.9, weight_decay=2e-05)",
                        WeightDecayGroups.of(m, 2e-5, 0.0, WeightDecayGroups.torchvisionKeys(0.0, null))))
                // --lr-scheduler cosineannealinglr --lr-warmup-epochs 2 --lr-warmup-method linear
                .scheduler(TorchvisionWarmup.wrap(TorchvisionWarmup.mainSpec("cosineannealinglr", epochs, warmup, 30, 0.1),
                        warmup, "linear", 0.01))
                // --mixup-alpha 0.2 --cutmix-alpha 1.0: one of the two per training batch, after collation
                .batchTransform(MixupCutmix.of(classes, 0.2, 1.0))
                // --model-ema --model-ema-steps 32 --model-ema-decay 0.99998 (adjusted as the script does)
                .modelEma(EmaConfig.torchvision(0.99998, 32, warmup))
                .gradientClipVal(1.0)                                          // --clip-grad-norm 1.0
                .metrics(() -> new TopKAccuracy(1))
                .saveTopK(2, "ema_val_acc", "max")
                .runDir(out)
                .build();
        try (DataLoader<Sample, Batch> trainLoader = DataLoader.of(train).batchSize(batchSize).shuffle(true).seed(0)
                .build(); DataLoader<Sample, Batch> valLoader = DataLoader.of(val).batchSize(batchSize).build()) {
            return trainer.fit(model, trainLoader, valLoader);
        }
    }

    /** Trains from the command line (see the class doc) and prints the last epoch's metrics. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TorchvisionRecipe DATA_DIR OUT_DIR [MODEL] [CROP] [BATCH] [EPOCHS]");
            System.exit(2);
        }
        FitResult r = run(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "resnet18",
                args.length > 3 ? Integer.parseInt(args[3]) : 176, args.length > 4 ? Integer.parseInt(args[4]) : 32,
                args.length > 5 ? Integer.parseInt(args[5]) : 10);
        System.out.println(r.metrics());
    }
}
