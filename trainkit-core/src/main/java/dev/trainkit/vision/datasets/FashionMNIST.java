package dev.trainkit.vision.datasets;

import dev.trainkit.data.Dataset;
import dev.trainkit.data.HasTargets;
import dev.trainkit.data.Idx;
import dev.trainkit.data.IdxArray;
import dev.trainkit.data.IdxDataset;
import dev.trainkit.data.Sample;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST ({@code torchvision.datasets.FashionMNIST}): 28×28 grey images of 10 clothing
 * classes. {@link #embedded} reads the subset shipped in TrainKit's jar (400 training and 100
 * test images per class); {@link #load} reads a folder of the original IDX files, gzipped or
 * not, e.g. Debian's {@code /usr/share/datasets/fashion-mnist}.
 *
 * <pre>{@code
 * FashionMNIST train = FashionMNIST.embedded(true);            // [1, 28, 28] in [0, 1]
 * FashionMNIST big = FashionMNIST.load(Path.of("/usr/share/datasets/fashion-mnist"), true,
 *         Compose.of(new Grayscale(3), new Resize(32), new ToTensor()));
 * // datasets.FashionMNIST(root, train=True, transform=...)
 * }</pre>
 *
 * <p>Images enter the transform as uint8 tensors {@code [1, 28, 28]} (torchvision hands a PIL
 * "L" image to it); with no transform, samples are {@code ToTensor()}'s [0, 1] floats.
 */
public final class FashionMNIST implements Dataset<Sample>, HasTargets {
    /** Class names in label order ({@code FashionMNIST.classes}). */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String RESOURCE = "/dev/trainkit/data/fashion-mnist-subset/";

    private final IdxDataset data;
    private final Transform transform;

    private FashionMNIST(IdxDataset data, Transform transform) {
        if (data.height() != 28 || data.width() != 28) {
            throw new IllegalArgumentException("FashionMNIST: expected 28x28 images, got " + data.height() + "x"
                    + data.width());
        }
        this.data = data;
        this.transform = transform;
    }

    private static String prefix(boolean train) {
        return train ? "train" : "t10k";
    }

    /** The embedded subset: 4,000 training or 1,000 test images. */
    public static FashionMNIST embedded(boolean train) {
        return embedded(train, null);
    }

    /** The embedded subset with a transform applied to each uint8 [1, 28, 28] image. */
    public static FashionMNIST embedded(boolean train, Transform transform) {
        try {
            return new FashionMNIST(new IdxDataset(resource(prefix(train) + "-images-idx3-ubyte.gz"),
                    resource(prefix(train) + "-labels-idx1-ubyte.gz")), transform);
        } catch (IOException e) {
            throw new UncheckedIOException("FashionMNIST: the embedded subset is damaged: " + e.getMessage(), e);
        }
    }

    private static IdxArray resource(String name) throws IOException {
        try (InputStream in = FashionMNIST.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + name + " missing from the classpath");
            }
            return Idx.read(in, RESOURCE + name);
        }
    }

    /** The set in {@code dir} (see {@link #load(Path, boolean, Transform)}). */
    public static FashionMNIST load(Path dir, boolean train) throws IOException {
        return load(dir, train, null);
    }

    /**
     * Reads {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]} (or the
     * {@code t10k-} files) from {@code dir}, or from torchvision's layout {@code dir/FashionMNIST/raw}.
     *
     * @throws IOException listing the paths looked at if a file is missing
     */
    public static FashionMNIST load(Path dir, boolean train, Transform transform) throws IOException {
        Path images = find(dir, prefix(train) + "-images-idx3-ubyte");
        Path labels = find(dir, prefix(train) + "-labels-idx1-ubyte");
        return new FashionMNIST(IdxDataset.load(images, labels), transform);
    }

    private static Path find(Path dir, String base) throws IOException {
        List<Path> tried = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve("FashionMNIST").resolve("raw"))) {
            for (String name : List.of(base + ".gz", base)) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
                tried.add(p);
            }
        }
        throw new IOException("FashionMNIST: " + base + " not found; looked for " + tried);
    }

    /** Class names ({@link #CLASSES}). */
    public List<String> classes() {
        return CLASSES;
    }

    /** The raw pixels of image {@code index}, 28×28 row-major, 0..255. */
    public byte[] pixels(int index) {
        return data.pixels(index);
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public long target(int index) {
        return data.target(index);
    }

    @Override
    public Sample get(int index) {
        if (transform == null) {
            return data.get(index);
        }
        byte[] px = data.pixels(index);
        try (TensorScope scope = TensorScope.open()) {
            Tensor img = Torch.fromBytes(px, DType.UINT8, 1, 28, 28);
            Tensor out = transform.apply(img);
            return new Sample(out.toFloatArray(), out.shape(), data.target(index));
        }
    }

    @Override
    public String toString() {
        return "FashionMNIST(size=" + size() + ", transform=" + transform + ")";
    }
}
