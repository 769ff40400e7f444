package dev.trainkit.cli;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.Sample;
import dev.trainkit.dist.DistributedSampler;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.BadImagePolicy;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --data} option: {@code fashion-mnist} (the embedded subset), {@code fashion-mnist:DIR}
 * (IDX files) or {@code imagefolder:DIR} (DIR/train and DIR/val in torchvision's ImageFolder
 * layout, optionally DIR/test). Fashion-MNIST validates on its test split. Every image goes
 * through one {@link ImagePreprocessing}, recorded in the run directory so that evaluate and
 * predict apply exactly the same: Fashion-MNIST is resized to {@code --image-size} (default 28)
 * and not normalised unless {@code --mean/--std} are given; ImageFolder images are resized to
 * {@code --image-size} (default: the first training image's size) and normalised with
 * {@code --mean/--std} (default ImageNet's).
 */
final class DataSource {
    /** ImageNet's mean and std, torchvision's weights' normalisation. */
    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    final String description;
    final Dataset<Sample> train;
    final Dataset<Sample> val;
    final int numClasses;
    final List<String> classes;
    final ImagePreprocessing preprocessing;
    /** Unreadable images left out ({@code --on-bad-image skip}). */
    final List<Path> skipped;
    private final Path imageFolderRoot;
    private final BadImagePolicy badImages;

    private DataSource(String description, Dataset<Sample> train, Dataset<Sample> val, List<String> classes,
            ImagePreprocessing preprocessing, List<Path> skipped, Path imageFolderRoot, BadImagePolicy badImages) {
        this.description = description;
        this.train = train;
        this.val = val;
        this.classes = classes;
        this.numClasses = classes.size();
        this.preprocessing = preprocessing;
        this.skipped = skipped;
        this.imageFolderRoot = imageFolderRoot;
        this.badImages = badImages;
    }

    static DataSource open(String spec, Integer imageSize, Integer channels) throws IOException {
        return open(spec, imageSize, channels, null, null, BadImagePolicy.ERROR, null);
    }

    /**
     * @param mean per-channel mean, or null for the source's default
     * @param std per-channel std, or null for the source's default (given with mean)
     * @param given a recorded preprocessing (a run's) that replaces size, channels and normalisation, or null
     */
    static DataSource open(String spec, Integer imageSize, Integer channels, double[] mean, double[] std,
            BadImagePolicy badImages, ImagePreprocessing given) throws IOException {
        if (spec == null) {
            throw new IllegalArgumentException("--data is required: fashion-mnist, fashion-mnist:DIR or imagefolder:DIR");
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("--mean and --std go together: give both or neither");
        }
        if (imageSize != null && imageSize < 1) {
            throw new IllegalArgumentException("--image-size: expected a positive size, got " + imageSize);
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
                int s = imageSize == null ? 28 : imageSize;
                ImagePreprocessing p = given != null ? given
                        : ImagePreprocessing.resized(s, s).grayscaleTo(c).normalized(mean, std);
                Transform t = p.pipelineFor(1, 28, 28); // Fashion-MNIST images are 1x28x28
                if (dir == null) {
                    return new DataSource(spec, FashionMNIST.embedded(true, t), FashionMNIST.embedded(false, t),
                            FashionMNIST.CLASSES, p, List.of(), null, badImages);
                }
                Path d = existingDir(dir, spec);
                return new DataSource(spec, FashionMNIST.load(d, true, t), FashionMNIST.load(d, false, t),
                        FashionMNIST.CLASSES, p, List.of(), null, badImages);
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
                if (channels != null && channels != 1 && channels != 3) {
                    throw new IllegalArgumentException("--channels: expected 1 or 3, got " + channels);
                }
                ImagePreprocessing p = given;
                if (p == null) {
                    int[] hw = imageSize != null ? new int[] {imageSize, imageSize} : firstImageSize(new ImageFolder(tr), spec);
                    p = ImagePreprocessing.resized(hw[0], hw[1])
                            .normalized(mean == null ? IMAGENET_MEAN : mean, mean == null ? IMAGENET_STD : std);
                    if (channels != null && channels == 1) {
                        p = p.grayscaleTo(1);
                    }
                }
                ImageFolder train = new ImageFolder(tr, p.pipeline(), badImages);
                ImageFolder val = new ImageFolder(va, p.pipeline(), badImages);
                if (!train.classes().equals(val.classes())) {
                    throw new IllegalArgumentException("--data " + spec + ": train/ has classes " + train.classes()
                            + " but val/ has " + val.classes());
                }
                List<Path> skipped = new ArrayList<>(train.skipped());
                skipped.addAll(val.skipped());
                return new DataSource(spec, train, val, train.classes(), p, List.copyOf(skipped), root, badImages);
            }
            default -> throw new IllegalArgumentException("--data: unknown source '" + kind
                    + "'; expected fashion-mnist, fashion-mnist:DIR or imagefolder:DIR");
        }
    }

    /** The decoded size [h, w] of the first training image: the size the data comes in. */
    private static int[] firstImageSize(ImageFolder folder, String spec) throws IOException {
        for (Path f : folder.files()) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor img = ImageLoader.load(f);
                return new int[] {(int) img.size(1), (int) img.size(2)};
            } catch (IOException e) {
                // an unreadable file: the bad-image policy decides about it later; look at the next one
            }
        }
        throw new IllegalArgumentException("--data " + spec + ": no readable image in " + folder.root());
    }

    /**
     * The evaluation split {@code name}: {@code val} (the split validated on during training) or
     * {@code test} (ImageFolder's DIR/test; Fashion-MNIST's test split, which is its val).
     */
    Dataset<Sample> split(String name) throws IOException {
        switch (name) {
            case "val":
                return val;
            case "test":
                if (imageFolderRoot == null) {
                    return val; // Fashion-MNIST validates on its test split
                }
                Path te = imageFolderRoot.resolve("test");
                if (!Files.isDirectory(te)) {
                    throw new IllegalArgumentException("--split test: " + description + " has no test/ folder (" + te
                            + ")");
                }
                ImageFolder test = new ImageFolder(te, preprocessing.pipeline(), badImages);
                if (!test.classes().equals(classes)) {
                    throw new IllegalArgumentException("--split test: test/ has classes " + test.classes()
                            + " but the run was trained on " + classes);
                }
                return test;
            default:
                throw new IllegalArgumentException("--split: expected val or test, got '" + name + "'");
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
        return loader(val, batchSize, workers);
    }

    /** {@code data} in order, as validation reads it. */
    static DataLoader<Sample, Batch> loader(Dataset<Sample> data, int batchSize, int workers) {
        return DataLoader.of(data).batchSize(batchSize).numWorkers(workers).build();
    }

    /** Rank {@code rank} of {@code world}'s share of the validation set, in order. */
    DataLoader<Sample, Batch> valLoader(int batchSize, int workers, int world, int rank) {
        return DataLoader.of(val).batchSize(batchSize).numWorkers(workers)
                .sampler(new DistributedSampler(val.size(), world, rank, false, 0, false)).build();
    }
}
