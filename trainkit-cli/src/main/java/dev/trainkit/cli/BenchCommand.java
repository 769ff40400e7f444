package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.amp.Precision;
import dev.trainkit.bench.BenchSettings;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.bench.FlopCounter;
import dev.trainkit.bench.LoaderBenchmark;
import dev.trainkit.bench.OpsBaseline;
import dev.trainkit.bench.PrecisionAccuracyRun;
import dev.trainkit.bench.PrecisionComparison;
import dev.trainkit.bench.TrainingBenchmark;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainkit bench}: training throughput of a zoo model on random data (docs/CLI.md), and
 * with {@code --baseline} libtorch's own matmul and convolution rates and the samples/s that
 * the "65% of the best fp32 rate" target (docs/BENCHMARKS.md) asks of the model; {@code --accuracy-run}
 * trains the same small run in {@code 32} and {@code bf16-mixed} and compares test accuracy.
 *
 * <pre>
 * trainkit bench --model resnet18 --batch 32 --image-size 112 --precision bf16-mixed --format json
 * trainkit bench --baseline --model resnet18 --batch 32 --image-size 112   # step + yardstick in one run
 * trainkit bench --accuracy-run --epochs 2 --train-size 2000
 * trainkit bench --precision-ratio --model resnet18 --precision bf16-mixed --steps 10   # bf16 vs libtorch's peak ratio
 * </pre>
 *
 * <p>JSON: {@code {"ms_per_step": median, "samples_per_s": ..., "peak_rss_mb": ..., ...}}.
 * PyTorch equivalent: {@code tools/bench/bench_pytorch.py}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time full training steps of a zoo model on random data (or libtorch's own rates with --baseline).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "NAME", description = "Zoo model name or spec, e.g. resnet18.")
    String model;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per step (default: 32).")
    Integer batch;

    @Option(names = "--image-size", paramLabel = "S", description = "Input height and width (default: 112; with --loader-only the crop size, default 224).")
    Integer imageSize;

    @Option(names = "--num-classes", paramLabel = "N", defaultValue = "10", description = "Classes (default: ${DEFAULT-VALUE}).")
    int numClasses;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "32",
            description = "32, bf16-mixed, 16-mixed, bf16-true or 16-true (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "20", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "libtorch intra-op threads; 0 = libtorch's default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--channels-last", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Model weights and input in channels_last memory format (default: ${DEFAULT-VALUE}).")
    boolean channelsLast;

    @Option(names = "--fp32-modules", paramLabel = "PATHS", split = ",",
            description = "In -mixed precisions, run these submodules (e.g. layer3,layer4) in float32 with autocast"
                    + " disabled, as torch.autocast(enabled=False) around them (default: none).")
    java.util.List<String> fp32Modules = new java.util.ArrayList<>();

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = BenchSettings.DEFAULT_OPTIMIZER,
            description = "Optimizer spec (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--baseline", description = "Measure libtorch's fp32/bf16 matmul and conv rates and the"
            + " 65%%-of-best-fp32 target in samples/s; with --model also run the step and compare.")
    boolean baseline;

    @Option(names = "--precision-ratio", description = "With --model and --precision bf16-mixed (or bf16-true):"
            + " time 32 and bf16 steps alternately in one process, and libtorch's fp32 and bf16 matmul/conv"
            + " alternately; report the step speed-up as a fraction of libtorch's bf16/fp32 peak ratio (target 0.85)."
            + " --steps is the number of rounds.")
    boolean precisionRatio;

    @Option(names = "--baseline-reps", paramLabel = "R", defaultValue = "5",
            description = "Timed repetitions per baseline op (default: ${DEFAULT-VALUE}).")
    int baselineReps;

    @Option(names = "--accuracy-run", description = "Train the same short Fashion-MNIST run in 32 and bf16-mixed"
            + " and compare test accuracy.")
    boolean accuracyRun;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "3",
            description = "Epochs of the accuracy run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "4000",
            description = "Training images of the accuracy run, 1..4000 (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--loader-only", description = "Time one epoch of the ImageFolder training DataLoader that trainkit"
            + " train builds for --data (ClassificationPresetTrain: RandomResizedCrop(--image-size, default 224),"
            + " RandomHorizontalFlip per image in uint8, ToTensor and Normalize per batch) after a warm-up epoch; no model.")
    boolean loaderOnly;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "With --loader-only: imagefolder:DIR or DIR (an ImageFolder, or a folder with train/).")
    String data;

    @Option(names = "--num-workers", paramLabel = "N", defaultValue = "0",
            description = "With --loader-only: DataLoader worker threads (default: ${DEFAULT-VALUE}).")
    int numWorkers;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json or table (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        CliOptions.checkOneOf("--format", format, "json", "table");
        Precision p = Precision.of(precision);
        if (threads > 0) {
            Torch.setNumThreads(threads);
        } else if (threads < 0) {
            throw new IllegalArgumentException("--threads: expected >= 0 (0 = libtorch's default), got " + threads);
        }
        Map<String, Object> out;
        if (loaderOnly) {
            if (data == null) {
                throw new IllegalArgumentException("--data: required with --loader-only (imagefolder:DIR or DIR)");
            }
            String dir = data.startsWith("imagefolder:") ? data.substring("imagefolder:".length()) : data;
            if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))) {
                throw new IllegalArgumentException("--data: expected imagefolder:DIR or DIR with an existing directory,"
                        + " got '" + data + "'");
            }
            int b = batch == null ? 32 : batch;
            java.nio.file.Path trainDir = LoaderBenchmark.trainDir(java.nio.file.Path.of(dir));
            try (DataLoader<?, Batch> loader = DataSource.imageFolderTrainLoader(trainDir,
                    imageSize == null ? 224 : imageSize, DataAugmentation.defaults(), b, numWorkers)) {
                out = LoaderBenchmark.run(loader, numWorkers, b);
            }
            out.put("root", trainDir.toString());
        } else if (accuracyRun) {
            out = PrecisionAccuracyRun.run(epochs, batch == null ? 64 : batch, imageSize == null ? 28 : imageSize,
                    trainSize);
        } else if (precisionRatio) {
            if (model == null) {
                throw new IllegalArgumentException("--model: required with --precision-ratio (e.g. --model resnet18)");
            }
            out = PrecisionComparison.run(settings(p), baselineReps);
        } else if (baseline) {
            out = baseline(p);
        } else {
            if (model == null) {
                throw new IllegalArgumentException("--model: required (e.g. --model resnet18), unless --baseline or"
                        + " --accuracy-run is given; models: " + String.join(", ", Models.listModels()));
            }
            out = TrainingBenchmark.run(settings(p));
        }
        print(out);
        return 0;
    }

    private BenchSettings settings(Precision p) {
        return new BenchSettings(model == null ? "resnet18" : model, batch == null ? 32 : batch,
                imageSize == null ? 112 : imageSize, numClasses, p, steps, warmup, threads, channelsLast, optimizer,
                fp32Modules);
    }

    /** libtorch's rates, the model's FLOPs and the target; with --model also the step and the ratio. */
    private Map<String, Object> baseline(Precision p) {
        BenchSettings s = settings(p);
        long macs = FlopCounter.forwardMacs(Models.create(s.modelSpec()), 1, 3, s.imageSize(), s.imageSize());
        double stepFlopsPerSample = 3.0 * 2.0 * macs;
        Map<String, Object> ops = OpsBaseline.measure(baselineReps);
        double best = (double) ops.get("best_fp32_gflops");
        double target = 0.65 * best * 1e9 / stepFlopsPerSample;
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> run = null;
        if (model != null) {
            run = TrainingBenchmark.run(s);
            out.putAll(run);
        }
        out.put("baseline", ops);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("model", s.modelSpec());
        t.put("image_size", s.imageSize());
        t.put("forward_macs_per_sample", macs);
        t.put("forward_gflops_per_sample", 2.0 * macs / 1e9);
        t.put("train_step_gflops_per_sample", stepFlopsPerSample / 1e9);
        t.put("best_fp32_gflops", best);
        t.put("target_fraction", 0.65);
        t.put("target_samples_per_s", target);
        if (run != null) {
            double sps = (double) run.get("samples_per_s");
            t.put("achieved_gflops", sps * stepFlopsPerSample / 1e9);
            t.put("fraction_of_best_fp32", sps * stepFlopsPerSample / 1e9 / best);
            t.put("target_met", sps >= target);
            // the same ratio per CPU second (step and yardstick both): what a loaded machine's
            // waiting does not move; with one thread, the efficiency of the step's own work
            double cpuMs = (double) run.get("cpu_ms_per_step");
            double bestCpu = (double) ops.get("best_fp32_gflops_per_cpu_s");
            if (cpuMs > 0 && bestCpu > 0) {
                double perCpu = s.batch() * stepFlopsPerSample / (cpuMs / 1e3) / 1e9;
                t.put("achieved_gflops_per_cpu_s", perCpu);
                t.put("fraction_of_best_fp32_per_cpu_s", perCpu / bestCpu);
            }
        }
        out.put("fp32_target", t);
        return out;
    }

    private void print(Map<String, Object> out) throws Exception {
        if (format.equals("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + ": " + v));
        }
    }
}
