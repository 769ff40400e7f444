package dev.trainkit.cli;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.Sample;
import dev.trainkit.dist.DistributedSampler;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.transforms.Compose;
import dev.trainkit.vision.transforms.Grayscale;
import dev.trainkit.vision.transforms.Normalize;
import dev.trainkit.vision.transforms.Resize;
import dev.trainkit.vision.transforms.ToTensor;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --data} option: {@code fashion-mnist} (the embedded subset), {@code fashion-mnist:DIR}
 * (IDX files) or {@code imagefolder:DIR} (DIR/train and DIR/val in torchvision's ImageFolder
 * layout). Fashion-MNIST validates on its test split. Images are resized to
 * {@code --image-size}; ImageFolder images are normalised with ImageNet's mean and std.
 */
final class DataSource {
    final String description;
    final Dataset<Sample> train;
    final Dataset<Sample> val;
    final int numClasses;
    final List<String> classes;

    private DataSource(String description, Dataset<Sample> train, Dataset<Sample> val, List<String> classes) {
        this.description = description;
        this.train = train;
        this.val = val;
        this.classes = classes;
        this.numClasses = classes.size();
    }

    static DataSource open(String spec, Integer imageSize, Integer channels) throws IOException {
        if (spec == null) {
            throw new IllegalArgumentException("--data is required: fashion-mnist, fashion-mnist:DIR or imagefolder:DIR");
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String dir = colon < 0 ? null : spec.substring(colon + 1);
        switch (kind) {
            case "fashion-mnist" -> {
                int c = channels == null ? 1 : channels;
                if (c != 1 && c != 3) {
                    throw new IllegalArgumentException("--channels: expected 1 or 3, got " + c);
                }
                List<Transform> ts = new ArrayList<>();
                if (c == 3) {
                    ts.add(new Grayscale(3));
                }
                if (imageSize != null && imageSize != 28) {
                    ts.add(new Resize(new int[] {imageSize, imageSize}, dev.trainkit.vision.transforms.InterpolationMode.BILINEAR,
                            null, true));
                }
                ts.add(new ToTensor());
                Transform t = Compose.of(ts.toArray(new Transform[0]));
                if (dir == null) {
                    return new DataSource(spec, FashionMNIST.embedded(true, t), FashionMNIST.embedded(false, t),
                            FashionMNIST.CLASSES);
                }
                Path d = existingDir(dir, spec);
                return new DataSource(spec, FashionMNIST.load(d, true, t), FashionMNIST.load(d, false, t),
                        FashionMNIST.CLASSES);
            }
            case "imagefolder" -> {
                if (dir == null || dir.isEmpty()) {
                    throw new IllegalArgumentException("--data imagefolder needs a directory: imagefolder:DIR");
                }
                Path root = existingDir(dir, spec);
                Path tr = root.resolve("train");
                Path va = root.resolve("val");
                for (Path p : List.of(tr, va)) {
                    if (!Files.isDirectory(p)) {
                        throw new IllegalArgumentException("--data " + spec + ": expected subfolders train/ and val/ "
                                + "(one folder per class inside each); missing " + p);
                    }
                }
                int s = imageSize == null ? 224 : imageSize;
                Transform t = Compose.of(new Resize(new int[] {s, s}, dev.trainkit.vision.transforms.InterpolationMode.BILINEAR,
                        null, true), new ToTensor(), Normalize.imagenet());
                ImageFolder train = new ImageFolder(tr, t);
                ImageFolder val = new ImageFolder(va, t);
                if (!train.classes().equals(val.classes())) {
                    throw new IllegalArgumentException("--data " + spec + ": train/ has classes " + train.classes()
                            + " but val/ has " + val.classes());
                }
                return new DataSource(spec, train, val, train.classes());
            }
            default -> throw new IllegalArgumentException("--data: unknown source '" + kind
                    + "'; expected fashion-mnist, fashion-mnist:DIR or imagefolder:DIR");
        }
    }

    private static Path existingDir(String dir, String spec) {
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("--data " + spec + ": no such directory: " + d.toAbsolutePath());
        }
        return d;
    }

    /** One sample's input shape, e.g. [1, 28, 28]. */
    long[] sampleShape() {
        return train.get(0).shape();
    }

    DataLoader<Sample, Batch> trainLoader(int batchSize, long seed, int workers) {
        return DataLoader.of(train).batchSize(batchSize).shuffle(true).seed(seed).numWorkers(workers).build();
    }

    /** Rank {@code rank} of {@code world}'s share of the training set, shuffled per epoch from {@code seed}. */
    DataLoader<Sample, Batch> trainLoader(int batchSize, long seed, int workers, int world, int rank) {
        return DataLoader.of(train).batchSize(batchSize).seed(seed).numWorkers(workers)
                .sampler(new DistributedSampler(train.size(), world, rank, true, seed, false)).build();
    }

    DataLoader<Sample, Batch> valLoader(int batchSize, int workers) {
        return DataLoader.of(val).batchSize(batchSize).numWorkers(workers).build();
    }

    /** Rank {@code rank} of {@code world}'s share of the validation set, in order. */
    DataLoader<Sample, Batch> valLoader(int batchSize, int workers, int world, int rank) {
        return DataLoader.of(val).batchSize(batchSize).numWorkers(workers)
                .sampler(new DistributedSampler(val.size(), world, rank, false, 0, false)).build();
    }
}
