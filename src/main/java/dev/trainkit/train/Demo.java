package dev.trainkit.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.Datasets;
import dev.trainkit.data.Sample;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Torch;
import dev.trainkit.util.AtomicFiles;
import dev.trainkit.vision.datasets.FashionMNIST;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code trainkit demo} job on the embedded Fashion-MNIST subset: pretrain on classes 0-4 and
 * save the weights as a PyTorch {@code .pth}; fine-tune on a few labelled images of classes 5-9
 * (new head, backbone frozen first and unfrozen later, OneCycleLR, label-smoothed cross entropy,
 * bf16-mixed); train the same architecture from scratch on the same images with the same recipe
 * and budget; compare test accuracy on the 500 test images of classes 5-9.
 *
 * <pre>{@code
 * Map<String, Object> summary = Demo.run(new Demo.Options(Path.of("runs/demo")));
 * summary.get("finetuned_accuracy");   // vs summary.get("scratch_accuracy")
 * }</pre>
 *
 * <p>The model is a spec from {@link ModelRegistry}: {@code resnet18} once the model zoo registers
 * it, the built-in {@code cnn} until then. The test split of classes 5-9 also serves as the
 * validation set of the plots (nothing is tuned on it).
 */
public final class Demo {
    /** The demo's knobs; {@link #Options(Path)} gives the defaults. */
    public record Options(Path out, String model, int pretrainEpochs, int finetuneEpochs, int unfreezeAt, int shots,
            int batchSize, String precision, long seed) {
        /**
         * Defaults: the CNN, 2 pretraining epochs (fp32: bf16 autocast convolutions measured ~6x slower than
         * fp32 on this CPU), 10 fine-tuning epochs unfrozen from epoch 3, 60 shots, bf16-mixed fine-tuning.
         */
        public Options(Path out) {
            this(out, "cnn(channels=[32, 64, 128])", 2, 10, 3, 60, 32, "bf16-mixed", 0);
        }
    }

    /** Pretraining precision: fp32, see {@link Options#Options(Path)}. */
    static final String PRETRAIN_PRECISION = "32";

    private Demo() {
    }

    /** Runs the three phases, writes report.md and summary.json into {@code o.out()}, returns the summary. */
    public static Map<String, Object> run(Options o) throws IOException {
        long t0 = System.nanoTime();
        Dataset<Sample> train = FashionMNIST.embedded(true);
        Dataset<Sample> test = FashionMNIST.embedded(false);
        Dataset<Sample> pretrainSet = Datasets.selectClasses(train, 0, 1, 2, 3, 4);
        Dataset<Sample> pretrainVal = Datasets.selectClasses(test, 0, 1, 2, 3, 4);
        Dataset<Sample> fewShot = Datasets.takePerClass(Datasets.selectClasses(train, 5, 6, 7, 8, 9), o.shots(), o.seed());
        Dataset<Sample> target = Datasets.selectClasses(test, 5, 6, 7, 8, 9);
        long[] shape = train.get(0).shape();

        // 1. pretrain on classes 0-4
        Torch.manualSeed(o.seed());
        Module pre = ModelRegistry.create(o.model(), shape, 5);
        FitResult pr = recipe(o, o.pretrainEpochs(), "OneCycleLR(max_lr=0.01)").precision(PRETRAIN_PRECISION)
                .runDir(o.out().resolve("pretrain"))
                .build().fit(pre, loader(pretrainSet, o, true), loader(pretrainVal, o, false));
        Path pth = o.out().resolve("pretrained.pth");
        WeightsFiles.save(pre.stateDict(), pth);

        // 2. fine-tune on the few shots of classes 5-9: pretrained backbone, new head
        Torch.manualSeed(o.seed() + 1);
        Module ft = ModelRegistry.create(o.model(), shape, 5);
        List<String> fresh = WeightsLoader.loadMatching(ft, pth);
        List<String> head = headParameters(ft);
        List<String> backbone = ft.namedParameters().keySet().stream().filter(n -> !head.contains(n)).toList();
        // the pretrained head has the same shape (5 classes) but means classes 0-4: re-initialise it
        Module freshHead = ModelRegistry.create(o.model(), shape, 5);
        for (String h : head) {
            ft.namedParameters().get(h).setData_(freshHead.namedParameters().get(h).detach().clone());
        }
        FitResult fr = recipe(o, o.finetuneEpochs(), "OneCycleLR(max_lr=0.005)").freeze(backbone)
                .callback(new GradualUnfreezing(Map.of(o.unfreezeAt(), backbone)))
                .runDir(o.out().resolve("finetune")).build()
                .fit(ft, loader(fewShot, o, true), loader(target, o, false));

        // 3. the same architecture from scratch, same images, recipe and number of steps
        Torch.manualSeed(o.seed() + 1);
        Module sc = ModelRegistry.create(o.model(), shape, 5);
        FitResult sr = recipe(o, o.finetuneEpochs(), "OneCycleLR(max_lr=0.005)").runDir(o.out().resolve("scratch"))
                .build().fit(sc, loader(fewShot, o, true), loader(target, o, false));

        Trainer eval = recipe(o, 1, null).build();
        double ftAcc = eval.test(ft, loader(target, o, false)).get("test_acc");
        double scAcc = eval.test(sc, loader(target, o, false)).get("test_acc");
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("finetuned_accuracy", ftAcc);
        s.put("scratch_accuracy", scAcc);
        s.put("pretrain_accuracy", pr.metrics().get("val_acc"));
        s.put("seconds_total", seconds);
        s.put("model", o.model());
        s.put("precision", o.precision());
        s.put("shots_per_class", o.shots());
        s.put("finetune_images", fewShot.size());
        s.put("test_images", target.size());
        s.put("pretrain_images", pretrainSet.size());
        s.put("pretrained_weights", pth.toString());
        s.put("finetune_steps", fr.globalStep());
        s.put("scratch_steps", sr.globalStep());
        s.put("reinitialised_head", head);
        s.put("not_loaded_from_pth", fresh);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s);
        AtomicFiles.write(o.out().resolve("summary.json"), (json + "\n").getBytes(StandardCharsets.UTF_8));
        writeReport(o, s);
        return s;
    }

    /** The comparison table printed by {@code trainkit demo}. */
    public static String table(Map<String, Object> s) {
        return String.format(Locale.ROOT, "%-28s %8s%n%-28s %8.3f%n%-28s %8.3f%n%-28s %8.3f%n%-28s %8.1f%n",
                "model (" + s.get("finetune_images") + " images)", "test acc",
                "fine-tuned (pretrained)", (Double) s.get("finetuned_accuracy"),
                "from scratch", (Double) s.get("scratch_accuracy"),
                "pretraining (classes 0-4)", (Double) s.get("pretrain_accuracy"),
                "seconds total", (Double) s.get("seconds_total"));
    }

    private static TrainerBuilder recipe(Options o, int epochs, String scheduler) {
        TrainerBuilder b = Trainer.builder().maxEpochs(epochs).loss("CrossEntropyLoss(label_smoothing=0.1)")
                .optimizer("AdamW(lr=0.001, weight_decay=0.01)").precision(o.precision()).seed(null)
                .metrics(() -> new TopKAccuracy(1)).checkpointEachEpoch(false).logEveryNSteps(20);
        if (scheduler != null) {
            b.scheduler(scheduler, Interval.STEP);
        }
        return b;
    }

    private static DataLoader<Sample, Batch> loader(Dataset<Sample> ds, Options o, boolean shuffle) {
        return DataLoader.of(ds).batchSize(shuffle ? o.batchSize() : 100).shuffle(shuffle).seed(o.seed()).build();
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

    private static void writeReport(Options o, Map<String, Object> s) throws IOException {
        StringBuilder md = new StringBuilder("# TrainKit demo: fine-tuning vs training from scratch\n\n");
        md.append(String.format(Locale.ROOT, "Fashion-MNIST (embedded subset). Pretrained `%s` on classes 0-4 "
                + "(%s images, fp32), saved as PyTorch weights `pretrained.pth`; fine-tuned on %s images of classes 5-9 "
                + "(%s per class) with a new head, backbone frozen until epoch %d, OneCycleLR, "
                + "CrossEntropyLoss(label_smoothing=0.1), AdamW, precision %s; the same model trained from scratch on "
                + "the same images with the same recipe and number of steps. Accuracy on the %s test images of "
                + "classes 5-9.%n%n", o.model(), s.get("pretrain_images"), s.get("finetune_images"), o.shots(),
                o.unfreezeAt(), o.precision(), s.get("test_images")));
        md.append("| run | test accuracy |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| fine-tuned | %.3f |%n| from scratch | %.3f |%n| pretraining (classes 0-4, its own test set) | %.3f |%n%n",
                (Double) s.get("finetuned_accuracy"), (Double) s.get("scratch_accuracy"), (Double) s.get("pretrain_accuracy")));
        md.append(String.format(Locale.ROOT, "Total time: %.1f s.%n%n", (Double) s.get("seconds_total")));
        for (String run : List.of("pretrain", "finetune", "scratch")) {
            md.append("## ").append(run).append("\n\n");
            for (String p : List.of("loss", "metrics", "lr")) {
                if (java.nio.file.Files.exists(o.out().resolve(run).resolve(p + ".png"))) {
                    md.append("![").append(run).append(' ').append(p).append("](").append(run).append('/').append(p)
                            .append(".png)\n");
                }
            }
            md.append("\nDetails: [").append(run).append("/report.md](").append(run).append("/report.md)\n\n");
        }
        AtomicFiles.write(o.out().resolve("report.md"), md.toString().getBytes(StandardCharsets.UTF_8));
    }
}
