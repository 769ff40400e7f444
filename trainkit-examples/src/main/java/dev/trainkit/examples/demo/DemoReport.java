package dev.trainkit.examples.demo;

import dev.trainkit.train.RunLog;
import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's {@code report.md}, its comparison plots (fine-tune vs scratch: training loss per step,
 * validation accuracy per epoch; the fine-tune's learning rates per parameter group) and the
 * comparison table printed on stdout. The plots are drawn from the runs' {@code metrics.jsonl}.
 */
final class DemoReport {
    private static final String[] RUNS = {"finetune", "scratch"};

    private DemoReport() {
    }

    /** The short comparison table. */
    static String table(Map<String, Object> s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-44s %9s%n", "ResNet-18, classes 5-9, " + s.get("finetune_images")
                + " labelled images", "test acc"));
        b.append(String.format(Locale.ROOT, "%-44s %9.3f%n", "fine-tuned (pretrained on classes 0-4)",
                num(s, "finetuned_accuracy")));
        b.append(String.format(Locale.ROOT, "%-44s %9.3f%n", "from scratch (same images, recipe, steps)",
                num(s, "scratch_accuracy")));
        b.append(String.format(Locale.ROOT, "%-44s %9.3f%n", "pretraining (classes 0-4, its test images)",
                num(s, "pretrain_accuracy")));
        b.append(String.format(Locale.ROOT, "%-44s %9.1f%n", "seconds total", num(s, "seconds_total")));
        return b.toString();
    }

    /** Writes the comparison plots and report.md into {@code o.out()}. */
    static void write(Demo.Options o, Map<String, Object> s) throws IOException {
        Path out = o.out();
        List<String> plots = new ArrayList<>();
        RunLog[] logs = new RunLog[RUNS.length];
        for (int i = 0; i < RUNS.length; i++) {
            logs[i] = new RunLog(out.resolve(RUNS[i]));
            logs[i].reload(Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        XYChart loss = chart("Training loss (label-smoothed CE)", "step", "loss");
        XYChart acc = chart("Accuracy on " + 5 * o.valPerClass() + " test images of classes 5-9", "epoch",
                "accuracy");
        boolean anyLoss = false;
        boolean anyAcc = false;
        for (int i = 0; i < RUNS.length; i++) {
            anyLoss |= series(loss, RUNS[i], logs[i].rows("step"), "step", "train_loss", 0);
            anyAcc |= series(acc, RUNS[i], logs[i].rows("epoch"), "epoch", "val_acc", 1);
        }
        if (anyLoss) {
            save(loss, out.resolve("loss.png"));
            plots.add("loss.png");
        }
        if (anyAcc) {
            save(acc, out.resolve("accuracy.png"));
            plots.add("accuracy.png");
        }
        XYChart lr = chart("Learning rate (OneCycleLR, discriminative)", "step", "lr");
        boolean anyLr = series(lr, "fine-tune backbone", logs[0].rows("step"), "step", "lr", 0);
        anyLr |= lrSeries(lr, s, logs[0].rows("step"));
        if (anyLr) {
            save(lr, out.resolve("lr.png"));
            plots.add("lr.png");
        }
        AtomicFiles.write(out.resolve("report.md"), markdown(o, s, plots).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why the run used its precision, per CPU kind: bf16 is fast only with native hardware, so
     * one machine's bf16 speed is never stated as a general fact.
     */
    static String precisionNote(String precision, Map<String, Object> s) {
        String flags = String.valueOf(s.getOrDefault("cpu_flags", "unknown"));
        boolean nativeBf16 = Boolean.TRUE.equals(s.get("bf16_native"));
        String kinds = "On CPUs with native bf16 (`avx512_bf16` or AMX) `--precision auto` (the default) picks "
                + "bf16-mixed; what it gains depends on the machine: a ResNet-18 training step, batch 32 at 112², "
                + "measured 1.66× faster than fp32 on one AVX-512 bf16 machine and 1.76–1.89× on a quiet 2-core AMD "
                + "EPYC with avx512_bf16 and no AMX, but no faster (median 0.92×) on that EPYC while other processes "
                + "kept its cores busy (docs/BENCHMARKS.md). On AVX2-only CPUs bf16 is emulated "
                + "in software and much slower (a ResNet-18 step at 32×32 measured ~50× slower than fp32 on an AVX2 "
                + "AMD EPYC), so auto picks fp32 there.";
        if ("bf16-mixed".equals(precision)) {
            return "Precision: bf16-mixed (fine-tune and scratch phases under bf16 autocast) on a CPU "
                    + (nativeBf16 ? "with" : "without") + " native bf16 (flags: " + flags + "). " + kinds + "\n\n";
        }
        return "Precision: fp32 on a CPU " + (nativeBf16 ? "with" : "without") + " native bf16 (flags: " + flags + "). "
                + kinds + "\n\n";
    }

    private static String markdown(Demo.Options o, Map<String, Object> s, List<String> plots) {
        StringBuilder md = new StringBuilder("# TrainKit demo: fine-tuning vs training from scratch\n\n");
        md.append(String.format(Locale.ROOT, "Embedded Fashion-MNIST subset, torchvision's ResNet-18 on 3×32×32 "
                + "inputs (28×28 grayscale resized to 32, normalised, repeated to 3 channels, once in bulk).%n%n"
                + "1. **Pretrain** on classes 0-4 (%s images, %d epochs, AdamW + OneCycleLR, fp32), saved as PyTorch "
                + "weights [`pretrained.pth`](pretrained.pth) (loadable with `torch.load`).%n"
                + "2. **Fine-tune** on classes 5-9 with %s labelled images (%d per class, seed %d): new 5-class head, "
                + "backbone frozen (BatchNorm statistics too, kept in eval mode) for the first %d epoch(s) then "
                + "unfrozen, AdamW with "
                + "discriminative lr (backbone %s, head %s), OneCycleLR, CrossEntropyLoss(label_smoothing=0.1), "
                + "precision `%s`, %d epochs, %s steps.%n"
                + "3. **Scratch**: the same architecture from random weights on the same images, with the same "
                + "optimizer, parameter groups, schedule, loss, precision and %s steps (no frozen phase).%n"
                + "4. **Test** both on the %s test images of classes 5-9.%n%n",
                s.get("pretrain_images"), o.pretrainEpochs(), s.get("finetune_images"), o.shots(), o.seed(),
                o.unfreezeAt(), fmt(o.backboneLr()), fmt(o.headLr()), o.precision(), o.finetuneEpochs(),
                s.get("finetune_steps"), s.get("scratch_steps"), s.get("test_images")));
        md.append("| run | test accuracy |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| fine-tuned | %.3f |%n| from scratch | %.3f |%n"
                + "| pretraining (classes 0-4, their %s test images) | %.3f |%n%n", num(s, "finetuned_accuracy"),
                num(s, "scratch_accuracy"), s.get("pretrain_test_images"), num(s, "pretrain_accuracy")));
        @SuppressWarnings("unchecked")
        Map<String, Object> ph = (Map<String, Object>) s.get("seconds");
        md.append(String.format(Locale.ROOT, "Total time %.1f s on %s thread(s): data %.1f s, pretraining %.1f s, "
                + "fine-tuning %.1f s, scratch %.1f s, test %.1f s.%n%n", num(s, "seconds_total"), s.get("threads"),
                (Double) ph.get("data"), (Double) ph.get("pretrain"), (Double) ph.get("finetune"),
                (Double) ph.get("scratch"), (Double) ph.get("test")));
        md.append(precisionNote(o.precision(), s));
        md.append("The accuracy curves use a fixed subset of the test images (").append(5 * o.valPerClass())
                .append(") to save time; the table uses all of them. Nothing is selected on either.\n\n");
        for (String p : plots) {
            md.append("![").append(p.replace(".png", "")).append("](").append(p).append(")\n\n");
        }
        md.append("Per-run details (metrics CSV/JSONL, plots): [pretrain](pretrain/report.md), "
                + "[finetune](finetune/report.md), [scratch](scratch/report.md).\n");
        return md.toString();
    }

    /** The head's lr: the logged lr is the first group's (backbone); the head's is a constant multiple. */
    private static boolean lrSeries(XYChart c, Map<String, Object> s, List<Map<String, Object>> rows) {
        double ratio = num(s, "head_lr") / num(s, "backbone_lr");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get("step") instanceof Number x && r.get("lr") instanceof Number y) {
                xs.add(x.doubleValue());
                ys.add(y.doubleValue() * ratio);
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        c.addSeries("fine-tune head", xs, ys).setMarker(SeriesMarkers.NONE);
        return true;
    }

    private static boolean series(XYChart c, String name, List<Map<String, Object>> rows, String xKey, String yKey,
            int xOffset) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get(xKey) instanceof Number x && r.get(yKey) instanceof Number y && Double.isFinite(y.doubleValue())) {
                xs.add(x.doubleValue() + xOffset);
                ys.add(y.doubleValue());
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        c.addSeries(name, xs, ys).setMarker(xOffset > 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return true;
    }

    private static XYChart chart(String title, String x, String y) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return c;
    }

    private static void save(XYChart c, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static double num(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%g", v).replaceAll("0+e", "e").replaceAll("\\.?0+$", "");
    }
}
