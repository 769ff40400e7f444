package dev.trainkit.examples.demo;

import dev.trainkit.train.TrainerBuilder;
import dev.trainkit.train.Trainer;
import dev.trainkit.train.Interval;
import dev.trainkit.train.GradualUnfreezing;
import dev.trainkit.train.FitResult;
import dev.trainkit.metrics.TopKAccuracy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainkit.amp.HardwareInfo;
import dev.trainkit.amp.Precision;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.Datasets;
import dev.trainkit.data.Sample;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.util.AtomicFiles;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.vision.models.Models;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The {@code trainkit demo} job on the embedded Fashion-MNIST subset, with torchvision's ResNet-18
 * on 3×32×32 inputs (28×28 grayscale resized to 32 and repeated to 3 channels, in bulk once):
 * <ol>
 * <li>pretrain on classes 0-4 (2,000 images) and save the weights as a PyTorch {@code .pth};</li>
 * <li>fine-tune on a few labelled images of classes 5-9: new 5-class head, backbone frozen first
 * (BatchNorm statistics too, {@link TrainerBuilder#freezeBatchNormStats}) then unfrozen, discriminative lr
 * (backbone 100× lower than the head), OneCycleLR, label-smoothed cross entropy;</li>
 * <li>train the same architecture from scratch on the same images with the same optimizer,
 * parameter groups, schedule, loss, precision, batch size and number of steps (no frozen phase:
 * freezing random features would only handicap it);</li>
 * <li>test both on the 500 embedded test images of classes 5-9.</li>
 * </ol>
 *
 * <pre>{@code
 * Map<String, Object> summary = Demo.run(new Demo.Options(Path.of("runs/demo")));
 * summary.get("finetuned_accuracy");   // vs summary.get("scratch_accuracy")
 * }</pre>
 *
 * <p>Curves are validated each epoch on a fixed 100-image subset of that test split (to save time);
 * the reported accuracies use all 500. Nothing is selected on them.
 */
public final class Demo {
    /** The model: torchvision's ResNet-18 with a 5-class head {@code fc}. */
    public static final String MODEL = "resnet18(num_classes=5)";

    /**
     * The demo's knobs; {@link #Options(Path)} gives the defaults.
     *
     * @param pretrainPerClass training images per class for pretraining (400 = all embedded ones)
     * @param shots labelled images per class for fine-tuning and scratch
     * @param valPerClass test images per class validated each epoch for the curves
     * @param testPerClass test images per class for the final accuracies (100 = all embedded ones)
     * @param precision fine-tune and scratch precision ({@code 32}, {@code bf16-mixed}, ...)
     * @param threads libtorch intra-op threads; 0 chooses from the machine's load
     */
    public record Options(Path out, int pretrainPerClass, int pretrainEpochs, int pretrainBatch, double pretrainLr,
            int shots, int finetuneEpochs, int unfreezeAt, int batchSize, double headLr, double backboneLr,
            int valPerClass, int testPerClass, String precision, int threads, long seed) {
        /**
         * Defaults: 400 images per class pretrained for 2 epochs (batch 50, max lr 3e-3); 30 shots per
         * class trained for 10 epochs of 5 steps (batch 30), head alone for epoch 0, max lr 1e-2 for the
         * head and 1e-4 for the backbone; precision {@code auto}: bf16-mixed on a CPU with native bf16
         * ({@code avx512_bf16} or AMX; the ResNet-18 training step measured 1.66× faster than fp32 on
         * one such machine and 1.76–1.89× on a quiet 2-core AMD EPYC with avx512_bf16 but no AMX, no
         * faster on that EPYC under load, with the same accuracy), and fp32 on other CPUs (AVX2 only), where bf16 is emulated in software and a
         * ResNet-18 step at 32×32 measured ~50× slower (1.09 s vs 21 ms per image), which would break
         * the 3-minute budget.
         */
        public Options(Path out) {
            this(out, 400, 2, 50, 0.003, 30, 10, 1, 30, 0.01, 0.0001, 20, 100, Precision.AUTO, 0, 0);
        }

        /** A copy with another precision. */
        public Options withPrecision(String p) {
            return new Options(out, pretrainPerClass, pretrainEpochs, pretrainBatch, pretrainLr, shots, finetuneEpochs,
                    unfreezeAt, batchSize, headLr, backboneLr, valPerClass, testPerClass, p, threads, seed);
        }

        /** A copy with another output directory. */
        public Options withOut(Path dir) {
            return new Options(dir, pretrainPerClass, pretrainEpochs, pretrainBatch, pretrainLr, shots, finetuneEpochs,
                    unfreezeAt, batchSize, headLr, backboneLr, valPerClass, testPerClass, precision, threads, seed);
        }
    }

    /** Pretraining precision. */
    static final String PRETRAIN_PRECISION = "32";

    private Demo() {
    }

    /** Runs the phases, writes report.md and summary.json into {@code o.out()}, returns the summary. */
    public static Map<String, Object> run(Options requested) throws IOException {
        long t0 = System.nanoTime();
        // "auto" is resolved once here so that the summary and report name what actually ran
        Options o = requested.withPrecision(Precision.of(requested.precision()).lightningName());
        int threads = o.threads() > 0 ? o.threads() : autoThreads();
        int threadsBefore = Torch.numThreads();
        Torch.setNumThreads(threads);
        try {
            return run(o, threads, t0);
        } finally {
            Torch.setNumThreads(threadsBefore);
        }
    }

    private static Map<String, Object> run(Options o, int threads, long t0) throws IOException {
        FashionMNIST trainSrc = FashionMNIST.embedded(true);
        FashionMNIST testSrc = FashionMNIST.embedded(false);
        TensorDataset pretrainSet = DemoData.classes(trainSrc, 0, 5, o.pretrainPerClass());
        TensorDataset pretrainTest = DemoData.classes(testSrc, 0, 5, o.testPerClass());
        Dataset<Sample> fewShot = Datasets.takePerClass(DemoData.classes(trainSrc, 5, 5, Integer.MAX_VALUE),
                o.shots(), o.seed());
        TensorDataset target = DemoData.classes(testSrc, 5, 5, o.testPerClass());
        Dataset<Sample> curveVal = Datasets.takePerClass(target, o.valPerClass(), o.seed());
        double tData = seconds(t0);

        // 1. pretrain on classes 0-4, save as .pth
        long t1 = System.nanoTime();
        Torch.manualSeed(o.seed());
        Module pre = Models.create(MODEL);
        Trainer preTrainer = recipe(o.pretrainEpochs(), PRETRAIN_PRECISION)
                .optimizer("AdamW(lr=" + o.pretrainLr() + ", weight_decay=0.01)")
                .scheduler("OneCycleLR(max_lr=" + o.pretrainLr() + ")", Interval.STEP)
                .runDir(o.out().resolve("pretrain")).build();
        preTrainer.fit(pre, loader(pretrainSet, o.pretrainBatch(), true, o.seed()), null);
        double preAcc = preTrainer.test(pre, loader(pretrainTest, 100, false, o.seed())).get("test_acc");
        Path pth = o.out().resolve("pretrained.pth");
        WeightsFiles.save(pre.stateDict(), pth);
        double tPre = seconds(t1);

        // 2. fine-tune: pretrained backbone from the .pth, new head, frozen then unfrozen
        long t2 = System.nanoTime();
        Torch.manualSeed(o.seed() + 1);
        Module ft = Models.create(MODEL);
        List<String> head = headParameters(ft);
        Map<String, Tensor> weights = new LinkedHashMap<>(WeightsFiles.load(pth));
        weights.keySet().removeIf(k -> head.contains(k));
        ft.loadStateDict(weights, false);
        // the backbone as the top-level modules other than the head: conv1, bn1, layer1..layer4
        List<String> backbone = ft.namedChildren().entrySet().stream()
                .filter(e -> !e.getValue().parameters().isEmpty() && !head.get(0).startsWith(e.getKey() + "."))
                .map(Map.Entry::getKey).toList();
        FitResult fr = fewShotRecipe(o, ft, head).freeze(backbone).freezeBatchNormStats(true)
                .callback(new GradualUnfreezing(Map.of(o.unfreezeAt(), backbone)))
                .runDir(o.out().resolve("finetune")).build()
                .fit(ft, loader(fewShot, o.batchSize(), true, o.seed()), loader(curveVal, 100, false, o.seed()));
        double tFt = seconds(t2);

        // 3. the same architecture from scratch, same images, recipe and number of steps
        long t3 = System.nanoTime();
        Torch.manualSeed(o.seed() + 1);
        Module sc = Models.create(MODEL);
        FitResult sr = fewShotRecipe(o, sc, head).runDir(o.out().resolve("scratch")).build()
                .fit(sc, loader(fewShot, o.batchSize(), true, o.seed()), loader(curveVal, 100, false, o.seed()));
        double tSc = seconds(t3);

        // 4. test both on the 500 test images of classes 5-9
        long t4 = System.nanoTime();
        Trainer eval = recipe(1, o.precision()).build();
        double ftAcc = eval.test(ft, loader(target, 100, false, o.seed())).get("test_acc");
        double scAcc = eval.test(sc, loader(target, 100, false, o.seed())).get("test_acc");
        double tEval = seconds(t4);

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("finetuned_accuracy", ftAcc);
        s.put("scratch_accuracy", scAcc);
        s.put("pretrain_accuracy", preAcc);
        s.put("seconds_total", seconds(t0));
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("data", tData);
        phases.put("pretrain", tPre);
        phases.put("finetune", tFt);
        phases.put("scratch", tSc);
        phases.put("test", tEval);
        s.put("seconds", phases);
        s.put("model", MODEL);
        s.put("input", "3x32x32");
        s.put("precision", o.precision());
        s.put("cpu_flags", String.join(" ", HardwareInfo.detect().cpu().relevantFlags()));
        s.put("bf16_native", HardwareInfo.detect().bf16Native(Device.CPU));
        s.put("pretrain_precision", PRETRAIN_PRECISION);
        s.put("threads", threads);
        s.put("seed", o.seed());
        s.put("pretrain_images", pretrainSet.size());
        s.put("pretrain_test_images", pretrainTest.size());
        s.put("pretrain_epochs", o.pretrainEpochs());
        s.put("shots_per_class", o.shots());
        s.put("finetune_images", fewShot.size());
        s.put("test_images", target.size());
        s.put("finetune_epochs", o.finetuneEpochs());
        s.put("unfreeze_epoch", o.unfreezeAt());
        s.put("finetune_steps", fr.globalStep());
        s.put("scratch_steps", sr.globalStep());
        s.put("head_lr", o.headLr());
        s.put("backbone_lr", o.backboneLr());
        s.put("pretrained_weights", pth.toString());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s);
        AtomicFiles.write(o.out().resolve("summary.json"), (json + "\n").getBytes(StandardCharsets.UTF_8));
        DemoReport.write(o, s);
        return s;
    }

    /** The comparison table printed by {@code trainkit demo}. */
    public static String table(Map<String, Object> s) {
        return DemoReport.table(s);
    }

    /** Intra-op threads: all cores on an idle machine, 1 when the load average says they are busy. */
    static int autoThreads() {
        int n = Runtime.getRuntime().availableProcessors();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int t = load >= 0 && load > 0.75 * n ? 1 : n;
        LoggerFactory.getLogger("trainkit").info("demo: {} thread(s) ({} cores, load average {})", t, n, load);
        return t;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static TrainerBuilder recipe(int epochs, String precision) {
        return Trainer.builder().maxEpochs(epochs).loss("CrossEntropyLoss(label_smoothing=0.1)")
                .precision(precision).seed(null).metrics(() -> new TopKAccuracy(1)).checkpointEachEpoch(false)
                .logEveryNSteps(10);
    }

    /** Fine-tune/scratch recipe: AdamW with a backbone group and a head group, OneCycleLR per step. */
    private static TrainerBuilder fewShotRecipe(Options o, Module model, List<String> head) {
        Set<Tensor> headParams = Collections.newSetFromMap(new IdentityHashMap<>());
        head.forEach(n -> headParams.add(model.namedParameters().get(n)));
        Function<List<Tensor>, Optimizer> opt = params -> {
            List<Tensor> bb = new ArrayList<>();
            List<Tensor> hd = new ArrayList<>();
            for (Tensor p : params) {
                (headParams.contains(p) ? hd : bb).add(p);
            }
            return Optimizers.create("AdamW(weight_decay=0.01)", List.of(ParamGroupSpec.of(bb).with("lr", o.backboneLr()),
                    ParamGroupSpec.of(hd).with("lr", o.headLr())));
        };
        return recipe(o.finetuneEpochs(), o.precision()).optimizer(opt)
                .scheduler("OneCycleLR(max_lr=[" + o.backboneLr() + ", " + o.headLr() + "])", Interval.STEP);
    }

    private static DataLoader<Sample, Batch> loader(Dataset<Sample> ds, int batch, boolean shuffle, long seed) {
        return DataLoader.of(ds).batchSize(batch).shuffle(shuffle).dropLast(shuffle && ds.size() % batch == 1)
                .seed(seed).build();
    }

    /** The classifier head: torchvision's {@code fc}/{@code classifier}, else the last child with parameters. */
    static List<String> headParameters(Module m) {
        String prefix = null;
        for (String c : List.of("fc", "classifier", "head")) {
            if (m.namedChildren().containsKey(c)) {
                prefix = c;
            }
        }
        if (prefix == null) {
            for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) {
                if (!e.getValue().parameters().isEmpty()) {
                    prefix = e.getKey();
                }
            }
        }
        String p = prefix + ".";
        return new ArrayList<>(m.namedParameters().keySet().stream().filter(n -> n.startsWith(p)).toList());
    }
}
