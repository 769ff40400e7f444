package dev.trainkit.bench;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.Normalize;
import dev.trainkit.vision.transforms.RandomHorizontalFlip;
import dev.trainkit.vision.transforms.RandomResizedCrop;
import dev.trainkit.vision.transforms.ToTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times one epoch of an ImageFolder training loader (RandomResizedCrop(224),
 * RandomHorizontalFlip, ToTensor, Normalize with ImageNet's statistics; shuffled) after one
 * warm-up epoch: decode, transforms, batching and the worker threads, no model.
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
        Path dir = Files.isDirectory(root.resolve("train")) ? root.resolve("train") : root;
        ImageFolder ds = new ImageFolder(dir, Compose.of(new RandomResizedCrop(224), new RandomHorizontalFlip(),
                new ToTensor(), Normalize.imagenet()));
        try (DataLoader<Sample, Batch> loader = DataLoader.of(ds).batchSize(batch).shuffle(true).seed(0)
                .numWorkers(workers).build()) {
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
            out.put("root", dir.toString());
            return out;
        }
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : Long.MIN_VALUE;
    }

    /** One untimed warm-up epoch (JIT, page cache, native libraries), then one timed: {images, seconds}. */
    static double[] timedEpoch(DataLoader<Sample, Batch> loader) {
        for (Batch b : loader) {
            b.size();
        }
        long t0 = System.nanoTime();
        int seen = 0;
        for (Batch b : loader) {
            seen += b.size();
        }
        return new double[] {seen, (System.nanoTime() - t0) / 1e9};
    }
}
