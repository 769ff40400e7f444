package dev.trainkit.bench;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.Normalize;
import dev.trainkit.vision.transforms.RandomResizedCrop;
import dev.trainkit.vision.transforms.ToTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Measures input-pipeline throughput: N random 224×224 JPEGs in a temporary ImageFolder, read
 * through {@code RandomResizedCrop(224) + ToTensor + Normalize} and a DataLoader (2 workers,
 * batch 32), the setting of the check that the loader never starves training. It reports
 * images/s; compare it with the training step rate ({@code trainkit bench}).
 *
 * <pre>{@code
 * java -cp target/classes:$(cat target/classpath.txt) dev.trainkit.bench.ImageFolderThroughput 512 2
 * // like timing: for x, y in DataLoader(ImageFolder(root, transform), batch_size=32, num_workers=2)
 * }</pre>
 */
public final class ImageFolderThroughput {
    private ImageFolderThroughput() {
    }

    /** The result: images per second over the timed epoch. */
    public record Result(int images, int workers, double seconds, double imagesPerSecond) {
    }

    /**
     * Writes {@code n} JPEGs under {@code root} (10 classes), then times one warm-up and one
     * measured epoch.
     */
    public static Result run(Path root, int n, int workers, int batchSize) throws IOException {
        Random rng = new Random(0);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_3BYTE_BGR);
            int[] px = new int[224 * 224];
            int base = rng.nextInt(0xFFFFFF);
            for (int k = 0; k < px.length; k++) {
                px[k] = base ^ (rng.nextInt(64) * 0x010101); // textured, so JPEG has work to do
            }
            img.setRGB(0, 0, 224, 224, px, 0, 224);
            Path f = root.resolve("class" + (i % 10)).resolve("img" + i + ".jpg");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "jpg", f.toFile());
        }
        ImageFolder ds = new ImageFolder(root, Compose.of(new RandomResizedCrop(224), new ToTensor(),
                Normalize.imagenet()));
        try (DataLoader<Sample, Batch> loader = DataLoader.of(ds).batchSize(batchSize).shuffle(true)
                .numWorkers(workers).build()) {
            double[] timed = LoaderBenchmark.timedEpoch(loader);
            int seen = (int) timed[0];
            double s = timed[1];
            return new Result(seen, workers, s, seen / s);
        }
    }

    /** Arguments: [images (default 512)] [workers (default 2)]. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path root = Files.createTempDirectory("trainkit-imagefolder-bench");
        try {
            Result r = run(root, n, workers, 32);
            System.out.printf("ImageFolder 224x224 JPEG, RandomResizedCrop(224)+ToTensor+Normalize, batch 32,"
                    + " %d workers: %d images in %.2f s = %.1f images/s%n", r.workers(), r.images(), r.seconds(),
                    r.imagesPerSecond());
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
