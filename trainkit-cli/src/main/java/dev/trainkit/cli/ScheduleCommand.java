package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.optim.lr.CosineAnnealingWarmRestarts;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.MetricScheduler;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.optim.lr.SimulatedOptimizer;
import dev.trainkit.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code trainkit schedule}: simulates a learning-rate schedule on one parameter group of a
 * pure-Java optimizer (no native library is loaded) and prints, for each step i, the lr and
 * momentum (or {@code betas[0]}) that the i-th optimizer step uses, read before the i-th
 * scheduler step. {@code ReduceLROnPlateau}, and {@code WarmupLR} around it, step with
 * {@code metrics[i]} (the scheduler's registry traits say which schedulers need a metric).
 *
 * <pre>
 * trainkit schedule --scheduler "OneCycleLR(max_lr=0.1, total_steps=100)" --lr 0.01 --steps 100 --format json
 * </pre>
 *
 * <p>PyTorch equivalent: a loop {@code for i in range(N): record(opt.param_groups[0]); opt.step(); sched.step()}.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Simulate a learning-rate scheduler and print the lr (and momentum) of every step.",
        footer = {"",
                "WarmupLR(scheduler=SPEC, warmup_t=W, warmup_lr_init=I): a linear warmup",
                "in front of any scheduler (timm's warmup_t / warmup_lr_init). For step",
                "t < W the lr goes linearly from I to the wrapped scheduler's lr; from",
                "t = W on it is the wrapped scheduler's. I defaults to 1%% of the lr",
                "(torchvision's --lr-warmup-decay 0.01). Around ReduceLROnPlateau, the",
                "plateau scheduler starts at step W from the base lr and sees only the",
                "metrics from step W on (give one per step with --metrics).",
                "",
                "Examples:",
                "  trainkit schedule --lr 0.1 --steps 20 --scheduler \\",
                "      \"WarmupLR(scheduler=CosineAnnealingLR(T_max=20), warmup_t=5)\"",
                "  trainkit schedule --lr 0.1 --steps 8 \\",
                "      --metrics 1,0.9,0.8,0.8,0.8,0.8,0.8,0.8 --scheduler \\",
                "      \"WarmupLR(scheduler=ReduceLROnPlateau(patience=1), warmup_t=3)\""})
public final class ScheduleCommand implements Callable<Integer> {
    @Option(names = "--scheduler", required = true, paramLabel = "SPEC",
            description = "Scheduler spec, e.g. \"StepLR(step_size=30, gamma=0.1)\".")
    String scheduler;

    @Option(names = "--lr", paramLabel = "LR",
            description = "Initial learning rate of the group (default: the optimizer spec's lr or PyTorch's default).")
    Double lr;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Number of steps to simulate.")
    int steps;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "SGD(momentum=0.9)",
            description = "Optimizer spec (SGD, Adam, AdamW, RMSprop, Adagrad). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--metrics", paramLabel = "m0,m1,...", split = ",",
            description = "Metric values for ReduceLROnPlateau (or WarmupLR around it), one per step.")
    List<Double> metrics;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write a PNG plot of lr and momentum.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps: expected a positive number of steps, got " + steps);
        }
        CliOptions.checkOneOf("--format", format, "table", "csv", "json");
        if (plot != null && !plot.getFileName().toString().toLowerCase().endsWith(".png")) {
            throw new IllegalArgumentException("--plot: expected a file name ending in .png, got " + plot);
        }
        SimulatedOptimizer opt = lr != null ? SimulatedOptimizer.create(optimizer, lr) : SimulatedOptimizer.create(optimizer);
        LRScheduler sched = Schedulers.create(scheduler, opt);
        boolean plateau = Schedulers.traits(scheduler).needsMetric();
        if (plateau && (metrics == null || metrics.size() < steps)) {
            throw new IllegalArgumentException("--metrics: " + sched.getClass().getSimpleName()
                    + " needs one metric per step: expected "
                    + steps + " values, got " + (metrics == null ? 0 : metrics.size()));
        }
        List<Double> lrs = new ArrayList<>();
        List<Double> moms = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            lrs.add(opt.paramGroups().get(0).lr());
            moms.add(opt.momentum(0));
            if (i == steps - 1) {
                break; // the last step's values are recorded; stepping further is not needed (OneCycleLR would refuse)
            }
            if (plateau) {
                ((MetricScheduler) sched).step(metrics.get(i));
            } else if (sched instanceof CosineAnnealingWarmRestarts w) {
                w.step();
            } else {
                sched.step();
            }
        }
        PrintStream out = System.out;
        switch (format) {
            case "json" -> out.println(json(lrs, moms));
            case "csv" -> {
                out.println("step,lr,momentum");
                for (int i = 0; i < lrs.size(); i++) {
                    out.println(i + "," + lrs.get(i) + "," + (moms.get(i) == null ? "" : moms.get(i)));
                }
            }
            default -> {
                out.printf("%6s  %-24s  %s%n", "step", "lr", "momentum");
                for (int i = 0; i < lrs.size(); i++) {
                    out.printf("%6d  %-24s  %s%n", i, lrs.get(i), moms.get(i) == null ? "-" : moms.get(i));
                }
            }
        }
        if (plot != null) {
            writePlot(plot, lrs, moms);
            System.err.println("trainkit schedule: wrote " + plot);
        }
        return 0;
    }

    private static String json(List<Double> lrs, List<Double> moms) throws IOException {
        ObjectNode root = Json.object();
        Json.putNumbers(root, "lr", lrs);
        Json.putNumbers(root, "momentum", moms);
        return Json.write(root);
    }

    /** Writes the chart atomically ({@link AtomicFiles}), {@code rw-r--r--}. */
    static void writePlot(Path file, List<Double> lrs, List<Double> moms) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Learning-rate schedule")
                .xAxisTitle("step").yAxisTitle("lr").build();
        chart.getStyler().setMarkerSize(0);
        List<Integer> x = new ArrayList<>();
        for (int i = 0; i < lrs.size(); i++) {
            x.add(i);
        }
        chart.addSeries("lr", x, lrs);
        if (moms.stream().allMatch(v -> v != null)) {
            XYSeries ms = chart.addSeries("momentum", x, moms);
            ms.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "momentum");
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(file, png);
    }
}
