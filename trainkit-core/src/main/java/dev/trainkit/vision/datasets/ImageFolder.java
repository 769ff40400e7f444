package dev.trainkit.vision.datasets;

import dev.trainkit.data.Dataset;
import dev.trainkit.data.HasTargets;
import dev.trainkit.data.Sample;
import dev.trainkit.data.Uint8Sample;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.transforms.ImagePipeline;
import dev.trainkit.vision.transforms.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Images in {@code root/<class>/**&#47;<file>}, labelled by class folder
 * ({@code torchvision.datasets.ImageFolder}). Classes are the sub-folder names sorted, indexed
 * 0..n-1 ({@code class_to_idx}); files are walked recursively and sorted as torchvision does.
 *
 * <pre>{@code
 * ImageFolder train = new ImageFolder(Path.of("data/train"),
 *         Compose.of(new RandomResizedCrop(224), new RandomHorizontalFlip(), new ToTensor(), Normalize.imagenet()));
 * // datasets.ImageFolder("data/train", transform=...)
 * train.classes();            // ["cat", "dog"]
 * Sample s = train.get(0);    // transformed [3, 224, 224] values and label
 * }</pre>
 *
 * <p>{@link #get} decodes the file ({@link ImageLoader}: JPEG/PNG/BMP/TIFF, grayscale to RGB),
 * applies the transform inside its own {@code TensorScope} and returns plain arrays, so it is
 * safe on DataLoader worker threads. Without a transform the sample holds the uint8 values 0..255.
 * Extensions: {@code .jpg .jpeg .png .bmp .tif .tiff} (case-insensitive): torchvision's list
 * without the formats javax.imageio cannot decode (ppm, pgm, webp).
 */
public final class ImageFolder implements Dataset<Sample>, HasTargets {
    /** File name endings taken as images. */
    public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff");

    private final Path root;
    private final Transform transform;
    private final List<String> classes;
    private final Map<String, Integer> classToIdx;
    private final List<Path> files;
    private final int[] targets;
    private final List<Path> skipped;

    /** A folder without a transform (samples hold 0..255 values). */
    public ImageFolder(Path root) throws IOException {
        this(root, null);
    }

    /**
     * @throws IOException naming the folder if it has no class folders or a class has no image
     */
    public ImageFolder(Path root, Transform transform) throws IOException {
        this(root, transform, BadImagePolicy.ERROR);
    }

    /**
     * A folder whose unreadable images are handled by {@code badImages}: with
     * {@link BadImagePolicy#SKIP} every file is decoded once here and the unreadable ones are
     * left out.
     *
     * @throws IOException naming the folder if it has no class folders or a class has no (readable) image
     */
    public ImageFolder(Path root, Transform transform, BadImagePolicy badImages) throws IOException {
        this.root = root;
        this.transform = transform;
        if (!Files.isDirectory(root)) {
            throw new IOException("ImageFolder: root " + root + " is not a directory");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        }
        Collections.sort(names);
        if (names.isEmpty()) {
            throw new IOException("ImageFolder: couldn't find any class folder in " + root);
        }
        this.classes = List.copyOf(names);
        Map<String, Integer> idx = new LinkedHashMap<>();
        List<Path> all = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> bad = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            idx.put(names.get(c), c);
            List<Path> found = imagesUnder(root.resolve(names.get(c)));
            if (badImages == BadImagePolicy.SKIP) {
                List<Path> readable = new ArrayList<>();
                for (Path p : found) {
                    (readable(p) ? readable : bad).add(p);
                }
                found = readable;
            }
            if (found.isEmpty()) {
                throw new IOException("ImageFolder: found no valid file for the class " + names.get(c) + " in "
                        + root + "; supported extensions are " + EXTENSIONS);
            }
            all.addAll(found);
            for (int k = 0; k < found.size(); k++) {
                labels.add(c);
            }
        }
        this.classToIdx = Collections.unmodifiableMap(idx);
        this.files = List.copyOf(all);
        this.targets = labels.stream().mapToInt(Integer::intValue).toArray();
        this.skipped = List.copyOf(bad);
    }

    private static boolean readable(Path file) {
        try (TensorScope scope = TensorScope.open()) {
            ImageLoader.load(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The unreadable files left out under {@link BadImagePolicy#SKIP} (empty otherwise). */
    public List<Path> skipped() {
        return skipped;
    }

    /** Image files below {@code dir}, grouped by folder in sorted path order, names sorted (os.walk + sorted). */
    private static List<Path> imagesUnder(Path dir) throws IOException {
        List<Path> found;
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            found = new ArrayList<>(s.filter(Files::isRegularFile).filter(ImageFolder::isImage).toList());
        }
        found.sort((a, b) -> {
            int byDir = a.getParent().toString().compareTo(b.getParent().toString());
            return byDir != 0 ? byDir : a.getFileName().toString().compareTo(b.getFileName().toString());
        });
        return found;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** Class names, sorted ({@code dataset.classes}). */
    public List<String> classes() {
        return classes;
    }

    /** Class name to index ({@code dataset.class_to_idx}). */
    public Map<String, Integer> classToIdx() {
        return classToIdx;
    }

    /** The image files, in dataset order ({@code [path for path, _ in dataset.samples]}). */
    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public long target(int index) {
        return targets[Dataset.checkIndex("ImageFolder", index, files.size())];
    }

    /**
     * Decodes and transforms image {@code index}.
     *
     * @throws UncheckedIOException naming the file if it cannot be decoded
     */
    @Override
    public Sample get(int index) {
        Path file = files.get(Dataset.checkIndex("ImageFolder", index, files.size()));
        try (TensorScope scope = TensorScope.open()) {
            Tensor img = ImageLoader.load(file);
            Tensor out = transform == null ? img : transform.apply(img);
            return new Sample(out.toFloatArray(), out.shape(), targets[index]);
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ImageFolder: transform failed on " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This folder's images through the per-item part of {@code pipeline}, as uint8 samples for a
     * loader whose collate is {@code pipeline.perBatch()} (the fast path: decode to channels-last
     * memory, resize and flip in uint8, one float conversion per batch). The folder's own
     * transform is not applied. Safe on DataLoader worker threads.
     *
     * <pre>{@code
     * DataLoader<Uint8Sample, Batch> loader = DataLoader.builder(folder.uint8(p), p.perBatch()).batchSize(32).build();
     * }</pre>
     */
    public Dataset<Uint8Sample> uint8(ImagePipeline pipeline) {
        Objects.requireNonNull(pipeline, "ImageFolder.uint8: pipeline");
        return new Uint8View(pipeline);
    }

    /** The uint8 view of {@link #uint8}; keeps the targets for samplers that need them. */
    private final class Uint8View implements Dataset<Uint8Sample>, HasTargets {
        private final ImagePipeline pipeline;

        Uint8View(ImagePipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public int size() {
            return files.size();
        }

        @Override
        public long target(int index) {
            return ImageFolder.this.target(index);
        }

        @Override
        public Uint8Sample get(int index) {
            Path file = files.get(Dataset.checkIndex("ImageFolder", index, files.size()));
            try (TensorScope scope = TensorScope.open()) {
                return pipeline.item(ImageLoader.loadChannelsLast(file), targets[index]);
            } catch (IOException e) {
                throw new UncheckedIOException("ImageFolder: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ImageFolder: transform failed on " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "ImageFolder(root=" + root + ", classes=" + classes.size() + ", images=" + files.size()
                    + ", uint8 pipeline=" + pipeline + ")";
        }
    }

    @Override
    public String toString() {
        return "ImageFolder(root=" + root + ", classes=" + classes.size() + ", images=" + files.size()
                + ", transform=" + transform + ")";
    }
}
