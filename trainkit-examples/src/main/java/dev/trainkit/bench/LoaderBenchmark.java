package dev.trainkit.bench;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Uint8Sample;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.transforms.ClassificationPresetTrain;
import dev.trainkit.vision.transforms.ImagePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times one epoch of an ImageFolder training loader after one warm-up epoch: decode,
 * transforms, batching, the worker threads and the batch tensors ({@link Batch#inputs()} and
 * {@link Batch#labels()}, what a training step takes), no model. The default loader is
 * ClassificationPresetTrain(224)'s uint8 pipeline (RandomResizedCrop(224), RandomHorizontalFlip
 * per image in uint8; ToTensor and Normalize with ImageNet's statistics per batch; shuffled);
 * {@code trainkit bench --loader-only} passes the loader {@code trainkit train} builds.
 *
 * <pre>{@code
 * Map<String, Object> r = LoaderBenchmark.run(Path.of("data/train"), 2, 32);
 * r.get("images_per_s");
 * // PyTorch: tools/bench/loader_pytorch.py, DataLoader(ImageFolder(root, transform), 32, shuffle=True, num_workers=2)
 * }</pre>
 */
public final class LoaderBenchmark {
    private LoaderBenchmark() {
    }

    /**
     * {@code root} is an ImageFolder (one folder per class), or a folder with a {@code train/}
     * ImageFolder inside (the {@code imagefolder:DIR} layout of {@code trainkit train}).
     *
     * @return {@code images_per_s}, {@code workers}, {@code images}, {@code batch}, {@code seconds}
     */
    public static Map<String, Object> run(Path root, int workers, int batch) throws IOException {
        if (workers < 0) {
            throw new IllegalArgumentException("num workers: expected >= 0, got " + workers);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch: expected >= 1, got " + batch);
        }
        Path dir = trainDir(root);
        ImagePipeline p = new ClassificationPresetTrain(224).uint8Pipeline();
        ImageFolder ds = new ImageFolder(dir);
        try (DataLoader<Uint8Sample, Batch> loader = DataLoader.builder(ds.uint8(p), p.perBatch()).batchSize(batch)
                .shuffle(true).seed(0).numWorkers(workers).build()) {
            Map<String, Object> out = run(loader, workers, batch);
            out.put("root", dir.toString());
            return out;
        }
    }

    /** {@code root/train} if it exists, else {@code root}. */
    public static Path trainDir(Path root) {
        return Files.isDirectory(root.resolve("train")) ? root.resolve("train") : root;
    }

    /**
     * Times {@code loader} (one warm-up epoch, one timed).
     *
     * @return {@code images_per_s}, {@code workers}, {@code images}, {@code batch}, {@code seconds},
     *     {@code cpu_seconds}
     */
    public static Map<String, Object> run(DataLoader<?, Batch> loader, int workers, int batch) {
        long cpu0 = processCpuNanos();
        double[] timed = timedEpoch(loader);
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        int seen = (int) timed[0];
        double s = timed[1];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images_per_s", seen / s);
        out.put("workers", workers);
        out.put("images", seen);
        out.put("batch", batch);
        out.put("seconds", s);
        // every thread's CPU time over the timed epoch (warm-up excluded, -1 if the JVM cannot tell):
        // on a loaded machine the work done, where images/s is mostly waiting for a core
        out.put("cpu_seconds", cpuSeconds < 0 ? -1 : cpuSeconds);
        return out;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : Long.MIN_VALUE;
    }

    /**
     * One untimed warm-up epoch (JIT, page cache, native libraries), then one timed: {images,
     * seconds}. Each batch's tensors are made, as a training step makes them.
     */
    static double[] timedEpoch(DataLoader<?, Batch> loader) {
        for (Batch b : loader) {
            consume(b);
        }
        long t0 = System.nanoTime();
        int seen = 0;
        for (Batch b : loader) {
            seen += consume(b);
        }
        return new double[] {seen, (System.nanoTime() - t0) / 1e9};
    }

    private static int consume(Batch b) {
        try (TensorScope step = TensorScope.open()) {
            return (int) Math.min(b.inputs().size(0), b.labels().size(0));
        }
    }
}
