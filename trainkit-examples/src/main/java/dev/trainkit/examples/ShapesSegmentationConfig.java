package dev.trainkit.examples;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link ShapesSegmentation}. {@link #defaults} is the documented run (a few minutes
 * on 2 cores); tests use tiny values.
 *
 * <pre>{@code
 * ShapesSegmentationConfig c = ShapesSegmentationConfig.defaults(Path.of("runs/shapes"))
 *         .withSteps(50).withImageSize(32);
 * }</pre>
 *
 * @param outputDir   the only folder the run writes to ({@code summary.json})
 * @param trainImages images of the training split (Shapes seed {@code seed})
 * @param valImages   images of the held-out split (Shapes seed {@code seed + 1000003})
 * @param imageSize   side of the square images
 * @param batchSize   training batch size
 * @param steps       optimizer steps (epochs repeat the reshuffled training split as needed)
 * @param lr          Adam learning rate
 * @param seed        seed of the data, the shuffle and the weight initialisation
 * @param threads     libtorch intra-op threads
 * @param logEvery    print the loss every this many steps (0: quiet)
 */
public record ShapesSegmentationConfig(Path outputDir, int trainImages, int valImages, int imageSize, int batchSize,
        int steps, double lr, long seed, int threads, int logEvery) {

    /** Checks the values. */
    public ShapesSegmentationConfig {
        Objects.requireNonNull(outputDir, "ShapesSegmentation: output_dir");
        positive("train_images", trainImages);
        positive("val_images", valImages);
        positive("batch_size", batchSize);
        positive("steps", steps);
        positive("threads", threads);
        if (imageSize < 8) {
            throw new IllegalArgumentException("ShapesSegmentation: image_size must be >= 8, got " + imageSize);
        }
        if (batchSize > trainImages) {
            throw new IllegalArgumentException("ShapesSegmentation: batch_size " + batchSize
                    + " is larger than train_images " + trainImages);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("ShapesSegmentation: lr must be > 0, got " + lr);
        }
        if (logEvery < 0) {
            throw new IllegalArgumentException("ShapesSegmentation: log_every must be >= 0, got " + logEvery);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("ShapesSegmentation: " + name + " must be >= 1, got " + v);
        }
    }

    /**
     * The documented run: 2000 training and 200 held-out 64×64 images, batch 8, 300 steps, Adam
     * 1e-3, one libtorch thread (the DataLoader worker takes the second core). On the shared
     * 2-core machine (load average ~8) two OpenMP threads made a step 7× slower than one.
     */
    public static ShapesSegmentationConfig defaults(Path outputDir) {
        return new ShapesSegmentationConfig(outputDir, 2000, 200, 64, 8, 300, 1e-3, 0, 1, 20);
    }

    /** With another number of steps. */
    public ShapesSegmentationConfig withSteps(int n) {
        return new ShapesSegmentationConfig(outputDir, trainImages, valImages, imageSize, batchSize, n, lr, seed,
                threads, logEvery);
    }

    /** With another image size. */
    public ShapesSegmentationConfig withImageSize(int pixels) {
        return new ShapesSegmentationConfig(outputDir, trainImages, valImages, pixels, batchSize, steps, lr, seed,
                threads, logEvery);
    }
}
