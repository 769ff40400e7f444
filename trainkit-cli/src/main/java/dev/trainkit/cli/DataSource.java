package dev.trainkit.cli;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.DataLoaderBuilder;
import dev.trainkit.data.Dataset;
import dev.trainkit.data.RASampler;
import dev.trainkit.data.Sample;
import dev.trainkit.data.Uint8Sample;
import dev.trainkit.dist.DistributedSampler;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.BadImagePolicy;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.transforms.Grayscale;
import dev.trainkit.vision.transforms.ImagePipeline;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code --data} option: {@code fashion-mnist} (the embedded subset), {@code fashion-mnist:DIR}
 * (IDX files) or {@code imagefolder:DIR} (DIR/train and DIR/val in torchvision's ImageFolder
 * layout, optionally DIR/test). Fashion-MNIST validates on its test split.
 *
 * <p>ImageFolder follows torchvision's classification presets through the uint8 pipeline
 * ({@code ImagePipeline}): training uses ClassificationPresetTrain (RandomResizedCrop(train crop),
 * RandomHorizontalFlip, the {@code --auto-augment} policy, Normalize, {@code --random-erase});
 * validation, evaluate and predict use ClassificationPresetEval (Resize(val resize) of the
 * shorter side, CenterCrop(val crop), Normalize), the {@link ImagePreprocessing} recorded in the
 * run directory. Sizes default from {@code --image-size}, itself the first training image's
 * shorter side ({@link DataAugmentation}); normalisation is {@code --mean/--std}, default
 * ImageNet's. Fashion-MNIST is resized to {@code --image-size} (default 28), not normalised
 * unless {@code --mean/--std} are given, and takes the presets only when a data-augmentation
 * flag is given. A recorded preprocessing (a run's) replaces the evaluation side.
 */
final class DataSource {
    /** ImageNet's mean and std, torchvision's weights' normalisation. */
    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    final String description;
    final Split<?> train;
    final Split<?> val;
    final int numClasses;
    final List<String> classes;
    final ImagePreprocessing preprocessing;
    /** Unreadable images left out ({@code --on-bad-image skip}). */
    final List<Path> skipped;
    private final Path imageFolderRoot;
    private final BadImagePolicy badImages;
    private final DataAugmentation augmentation;

    /** A split's items and the collate function that batches them. */
    record Split<T>(Dataset<T> data, Function<List<T>, Batch> collate) {
        int size() {
            return data.size();
        }

        /** A loader builder over this split. */
        DataLoaderBuilder<T, Batch> loader() {
            return DataLoader.builder(data, collate);
        }

        /** Float samples on the per-image path (Fashion-MNIST). */
        static Split<Sample> of(Dataset<Sample> data) {
            return new Split<>(data, Batch::collate);
        }

        /** {@code folder} through the uint8 pipeline {@code p}. */
        static Split<Uint8Sample> of(ImageFolder folder, ImagePipeline p) {
            return new Split<>(folder.uint8(p), p.perBatch());
        }
    }

    private DataSource(String description, Split<?> train, Split<?> val, List<String> classes,
            ImagePreprocessing preprocessing, List<Path> skipped, Path imageFolderRoot, BadImagePolicy badImages,
            DataAugmentation augmentation) {
        this.description = description;
        this.train = train;
        this.val = val;
        this.classes = classes;
        this.numClasses = classes.size();
        this.preprocessing = preprocessing;
        this.skipped = skipped;
        this.imageFolderRoot = imageFolderRoot;
        this.badImages = badImages;
        this.augmentation = augmentation;
    }

    static DataSource open(String spec, Integer imageSize, Integer channels) throws IOException {
        return open(spec, imageSize, channels, null, null, BadImagePolicy.ERROR, null, DataAugmentation.defaults());
    }

    /**
     * @param mean per-channel mean, or null for the source's default
     * @param std per-channel std, or null for the source's default (given with mean)
     * @param given a recorded preprocessing (a run's) that replaces size, channels and normalisation, or null
     * @param aug the data-augmentation flags
     */
    static DataSource open(String spec, Integer imageSize, Integer channels, double[] mean, double[] std,
            BadImagePolicy badImages, ImagePreprocessing given, DataAugmentation aug) throws IOException {
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
                if (aug.changesPipeline()) {
                    return fashionMnistPresets(spec, dir, s, c, mean, std, badImages, given, aug);
                }
                ImagePreprocessing p = given != null ? given
                        : ImagePreprocessing.resized(s, s).grayscaleTo(c).normalized(mean, std);
                Transform t = p.pipelineFor(1, 28, 28); // Fashion-MNIST images are 1x28x28
                Dataset<Sample> tr = dir == null ? FashionMNIST.embedded(true, t) : FashionMNIST.load(existingDir(dir, spec), true, t);
                Dataset<Sample> va = dir == null ? FashionMNIST.embedded(false, t) : FashionMNIST.load(existingDir(dir, spec), false, t);
                return new DataSource(spec, Split.of(tr), Split.of(va), FashionMNIST.CLASSES, p, List.of(), null,
                        badImages, aug);
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
                ImageFolder train = new ImageFolder(tr, null, badImages);
                ImageFolder val = new ImageFolder(va, null, badImages);
                if (!train.classes().equals(val.classes())) {
                    throw new IllegalArgumentException("--data " + spec + ": train/ has classes " + train.classes()
                            + " but val/ has " + val.classes());
                }
                double[] m = mean == null ? IMAGENET_MEAN : mean;
                double[] sd = mean == null ? IMAGENET_STD : std;
                int side = imageSize != null ? imageSize : shorterSide(firstImageSize(train, spec));
                ImagePreprocessing p = given;
                if (p == null) {
                    p = aug.evalPreprocessing(side, m, sd);
                    if (channels != null && channels == 1) {
                        p = p.grayscaleTo(1);
                    }
                }
                // a recorded preprocessing (evaluate --run) also shapes the train split, whose first sample
                // gives the model's input shape: runs recorded before the presets resized to an exact [h, w]
                ImagePipeline trainPipeline = given != null ? p.uint8Pipeline() : trainPipeline(aug, side, p, m, sd);
                List<Path> skipped = new ArrayList<>(train.skipped());
                skipped.addAll(val.skipped());
                return new DataSource(spec, Split.of(train, trainPipeline), Split.of(val, p.uint8Pipeline()),
                        train.classes(), p, List.copyOf(skipped), root, badImages, aug);
            }
            default -> throw new IllegalArgumentException("--data: unknown source '" + kind
                    + "'; expected fashion-mnist, fashion-mnist:DIR or imagefolder:DIR");
        }
    }

    /**
     * The training pipeline: ClassificationPresetTrain's uint8 split; for a grayscale model
     * ({@code --channels 1}) Grayscale(1) first; normalised as the evaluation side is.
     */
    private static ImagePipeline trainPipeline(DataAugmentation aug, int side, ImagePreprocessing eval, double[] mean,
            double[] std) {
        double[] m = eval.mean() != null ? eval.mean() : mean;
        double[] s = eval.std() != null ? eval.std() : std;
        ImagePipeline preset = aug.trainPreset(side, m, s).uint8Pipeline();
        if (!eval.grayscale()) {
            return preset;
        }
        return new ImagePipeline(new Grayscale(eval.channels()).andThen(preset.perItem()), m, s, preset.erasing());
    }

    /** Fashion-MNIST (1x28x28, replicated to {@code c} channels) through the presets of {@code aug}. */
    private static DataSource fashionMnistPresets(String spec, String dir, int side, int c, double[] mean, double[] std,
            BadImagePolicy badImages, ImagePreprocessing given, DataAugmentation aug) throws IOException {
        double[] m = mean;
        double[] sd = std;
        ImagePreprocessing p = given != null ? given : aug.evalPreprocessing(side, m, sd).grayscaleTo(c);
        if (mean == null && p.mean() == null) {
            // the presets normalise; Fashion-MNIST's default is no normalisation: mean 0, std 1
            m = new double[] {0};
            sd = new double[] {1};
        } else if (p.mean() != null) {
            m = p.mean();
            sd = p.std();
        }
        Transform preset = aug.trainPreset(side, m, sd).pipeline(); // images enter as uint8 [1, 28, 28]
        Transform trainT = c == 3 ? new Grayscale(3).andThen(preset) : preset;
        Transform evalT = p.pipelineFor(1, 28, 28);
        Dataset<Sample> tr = dir == null ? FashionMNIST.embedded(true, trainT) : FashionMNIST.load(existingDir(dir, spec), true, trainT);
        Dataset<Sample> va = dir == null ? FashionMNIST.embedded(false, evalT) : FashionMNIST.load(existingDir(dir, spec), false, evalT);
        return new DataSource(spec, Split.of(tr), Split.of(va), FashionMNIST.CLASSES, p, List.of(), null, badImages, aug);
    }

    private static int shorterSide(int[] hw) {
        return Math.min(hw[0], hw[1]);
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
    Split<?> split(String name) throws IOException {
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
                ImageFolder test = new ImageFolder(te, null, badImages);
                if (!test.classes().equals(classes)) {
                    throw new IllegalArgumentException("--split test: test/ has classes " + test.classes()
                            + " but the run was trained on " + classes);
                }
                return Split.of(test, preprocessing.uint8Pipeline());
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

    /** One training sample's input shape, e.g. [1, 28, 28]. */
    long[] sampleShape() {
        Object first = train.data().get(0);
        return first instanceof Uint8Sample u ? u.shape() : ((Sample) first).shape();
    }

    /**
     * The training loader {@code trainkit train} uses (and {@code trainkit bench --loader-only}
     * times): shuffled per epoch from {@code seed}, or with {@code --ra-sampler} a RASampler.
     */
    DataLoader<?, Batch> trainLoader(int batchSize, long seed, int workers) {
        return trainLoader(batchSize, seed, workers, 1, 0, false);
    }

    /** Rank {@code rank} of {@code world}'s share of the training set, shuffled per epoch from {@code seed}. */
    DataLoader<?, Batch> trainLoader(int batchSize, long seed, int workers, int world, int rank) {
        return trainLoader(batchSize, seed, workers, world, rank, true);
    }

    private DataLoader<?, Batch> trainLoader(int batchSize, long seed, int workers, int world, int rank,
            boolean sharded) {
        return trainLoader(train, augmentation, batchSize, seed, workers, world, rank, sharded);
    }

    private static DataLoader<?, Batch> trainLoader(Split<?> train, DataAugmentation aug, int batchSize, long seed,
            int workers, int world, int rank, boolean sharded) {
        DataLoaderBuilder<?, Batch> b = train.loader().batchSize(batchSize).seed(seed).numWorkers(workers);
        if (aug.raSampler()) {
            b.sampler(new RASampler(train.size(), world, rank, true, seed, aug.raReps()));
        } else if (sharded) {
            b.sampler(new DistributedSampler(train.size(), world, rank, true, seed, false));
        } else {
            b.shuffle(true);
        }
        return b.build();
    }

    /**
     * The training loader {@code trainkit train --data imagefolder:DIR --image-size S} builds
     * for the ImageFolder {@code trainDir} (ImageNet normalisation, seed 0, one process): what
     * {@code trainkit bench --loader-only} times.
     */
    static DataLoader<?, Batch> imageFolderTrainLoader(Path trainDir, int imageSize, DataAugmentation aug,
            int batchSize, int workers) throws IOException {
        ImagePreprocessing eval = aug.evalPreprocessing(imageSize, IMAGENET_MEAN, IMAGENET_STD);
        Split<?> train = Split.of(new ImageFolder(trainDir), trainPipeline(aug, imageSize, eval, IMAGENET_MEAN,
                IMAGENET_STD));
        return trainLoader(train, aug, batchSize, 0, workers, 1, 0, false);
    }

    DataLoader<?, Batch> valLoader(int batchSize, int workers) {
        return loader(val, batchSize, workers);
    }

    /** {@code data} in order, as validation reads it. */
    static DataLoader<?, Batch> loader(Split<?> data, int batchSize, int workers) {
        return data.loader().batchSize(batchSize).numWorkers(workers).build();
    }

    /** Rank {@code rank} of {@code world}'s share of the validation set, in order. */
    DataLoader<?, Batch> valLoader(int batchSize, int workers, int world, int rank) {
        return val.loader().batchSize(batchSize).numWorkers(workers)
                .sampler(new DistributedSampler(val.size(), world, rank, false, 0, false)).build();
    }
}
