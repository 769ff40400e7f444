package dev.trainkit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.SegmentationBatch;
import dev.trainkit.data.SegmentationSample;
import dev.trainkit.nn.loss.DiceBCELoss;
import dev.trainkit.optim.Adam;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.util.AtomicFiles;
import dev.trainkit.vision.datasets.Shapes;
import dev.trainkit.vision.metrics.SegmentationMetrics;
import dev.trainkit.vision.models.segmentation.UNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary segmentation end to end: a {@link UNet} (ResNet-18 encoder, from scratch) trained on
 * the procedural {@link Shapes} dataset with {@link DiceBCELoss} and Adam, then evaluated on a
 * held-out split (another seed) with {@link SegmentationMetrics}. A plain training loop with one
 * {@code TensorScope} per step, as docs/ARCHITECTURE.md prescribes; it writes only
 * {@code <output_dir>/summary.json}.
 *
 * <pre>{@code
 * ShapesSegmentationResult r = ShapesSegmentation.run(ShapesSegmentationConfig.defaults(Path.of("runs/shapes")), System.out);
 * r.meanIoU();
 * // the Python loop it mirrors:
 * //   model = smp.Unet("resnet18", encoder_weights=None, classes=1); opt = Adam(model.parameters(), 1e-3)
 * //   for x, mask in loader: opt.zero_grad(); loss = dice_bce(model(x), mask[:, None].float()); loss.backward(); opt.step()
 * }</pre>
 *
 * <p>Command line: {@code java -cp ... dev.trainkit.examples.ShapesSegmentation [--out DIR]
 * [--steps N] [--train N] [--val N] [--size PX] [--batch N] [--lr LR] [--seed S] [--threads T]}.
 */
public final class ShapesSegmentation {
    private ShapesSegmentation() {
    }

    /**
     * Trains and evaluates; prints progress to {@code log} (may be {@code null}).
     *
     * @throws IOException if {@code summary.json} cannot be written
     */
    public static ShapesSegmentationResult run(ShapesSegmentationConfig c, PrintStream log) throws IOException {
        int threadsBefore = Torch.numThreads();
        Torch.setNumThreads(c.threads());
        try {
            return train(c, log);
        } finally {
            Torch.setNumThreads(threadsBefore); // the thread count is process-wide: give it back
        }
    }

    private static ShapesSegmentationResult train(ShapesSegmentationConfig c, PrintStream log) throws IOException {
        long start = System.nanoTime();
        Torch.manualSeed(c.seed());
        Shapes train = Shapes.builder().length(c.trainImages()).size(c.imageSize()).seed(c.seed()).binary(true).build();
        Shapes val = Shapes.builder().length(c.valImages()).size(c.imageSize()).seed(c.seed() + 1_000_003).binary(true)
                .build();
        UNet model = new UNet(1);
        Optimizer opt = new Adam(model.parameters(), c.lr());
        DiceBCELoss criterion = new DiceBCELoss();
        List<Double> losses = new ArrayList<>();
        long trainStart = System.nanoTime();
        try (DataLoader<SegmentationSample, SegmentationBatch> loader = DataLoader.builder(train,
                SegmentationBatch::collate).batchSize(c.batchSize()).shuffle(true).dropLast(true).seed(c.seed())
                .numWorkers(1).build()) {
            model.train();
            while (losses.size() < c.steps()) {
                for (SegmentationBatch b : loader) {
                    try (TensorScope step = TensorScope.open()) {
                        opt.zeroGrad();
                        Tensor loss = criterion.forward(model.forward(b.inputs()), b.binaryTargets());
                        loss.backward();
                        opt.step();
                        losses.add(loss.item());
                    }
                    int n = losses.size();
                    if (log != null && c.logEvery() > 0 && (n % c.logEvery() == 0 || n == 1)) {
                        log.printf("step %d/%d  loss %.4f  (%.1f s)%n", n, c.steps(), losses.get(n - 1),
                                (System.nanoTime() - trainStart) / 1e9);
                    }
                    if (n == c.steps()) {
                        break;
                    }
                }
            }
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        SegmentationMetrics metrics = evaluate(model, val, c.batchSize());
        double total = (System.nanoTime() - start) / 1e9;
        ShapesSegmentationResult r = new ShapesSegmentationResult(List.copyOf(losses), metrics.meanIoU(),
                metrics.iou(), metrics.meanDice(), metrics.pixelAccuracy(), trainSeconds, total);
        writeSummary(c, r);
        if (log != null) {
            log.printf("held-out mIoU %.4f (background %.4f, shape %.4f), mean Dice %.4f, pixel accuracy %.4f;"
                    + " train %.1f s, total %.1f s%n", r.meanIoU(), r.iou()[0], r.iou()[1], r.meanDice(),
                    r.pixelAccuracy(), trainSeconds, total);
        }
        return r;
    }

    /** Metrics of {@code model} in eval mode on every item of {@code data}. */
    static SegmentationMetrics evaluate(UNet model, Shapes data, int batchSize) {
        SegmentationMetrics metrics = new SegmentationMetrics(2);
        model.eval();
        try (DataLoader<SegmentationSample, SegmentationBatch> loader = DataLoader.builder(data,
                SegmentationBatch::collate).batchSize(batchSize).build()) {
            for (SegmentationBatch b : loader) {
                try (TensorScope step = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
                    metrics.updateFromLogits(model.forward(b.inputs()), b.masks());
                }
            }
        }
        model.train();
        return metrics;
    }

    private static void writeSummary(ShapesSegmentationConfig c, ShapesSegmentationResult r) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        ObjectNode cfg = o.putObject("config");
        cfg.put("train_images", c.trainImages()).put("val_images", c.valImages()).put("image_size", c.imageSize())
                .put("batch_size", c.batchSize()).put("steps", c.steps()).put("lr", c.lr()).put("seed", c.seed())
                .put("threads", c.threads()).put("loss", "DiceBCELoss()").put("optimizer", "Adam(lr=" + c.lr() + ")")
                .put("model", "UNet(resnet18 encoder, num_classes=1)");
        o.put("mean_iou", r.meanIoU()).put("iou_background", r.iou()[0]).put("iou_shape", r.iou()[1])
                .put("mean_dice", r.meanDice()).put("pixel_accuracy", r.pixelAccuracy())
                .put("train_seconds", r.trainSeconds()).put("seconds_total", r.totalSeconds());
        r.losses().forEach(o.putArray("losses")::add);
        AtomicFiles.write(c.outputDir().resolve("summary.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }

    /** Runs the example; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        ShapesSegmentationConfig d = ShapesSegmentationConfig.defaults(Path.of("runs", "shapes-segmentation"));
        Path out = d.outputDir();
        int steps = d.steps();
        int trainN = d.trainImages();
        int valN = d.valImages();
        int size = d.imageSize();
        int batch = d.batchSize();
        double lr = d.lr();
        long seed = d.seed();
        int threads = d.threads();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: ShapesSegmentation [--out DIR] [--steps N] [--train N] [--val N] [--size PX]"
                        + " [--batch N] [--lr LR] [--seed S] [--threads T]");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("ShapesSegmentation: option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--train" -> trainN = Integer.parseInt(v);
                case "--val" -> valN = Integer.parseInt(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--lr" -> lr = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("ShapesSegmentation: unknown option " + a
                        + "; options: --out --steps --train --val --size --batch --lr --seed --threads");
            }
        }
        run(new ShapesSegmentationConfig(out, trainN, valN, size, batch, steps, lr, seed, threads, d.logEvery()),
                System.out);
    }
}
