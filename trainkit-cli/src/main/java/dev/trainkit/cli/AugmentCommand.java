package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.data.SampleRandom;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.vision.datasets.ImageFolder;
import dev.trainkit.vision.datasets.ImageLoader;
import dev.trainkit.vision.datasets.ImageSaver;
import dev.trainkit.vision.transforms.Functional;
import dev.trainkit.vision.transforms.Transform;
import dev.trainkit.vision.transforms.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainkit augment --transform SPEC [--seed N] IN_IMAGE OUT.(png|npy)}: applies a
 * transform spec (torchvision's names, {@code Compose([...])} allowed) to one image and writes the
 * result: {@code .npy} holds the uint8 CHW tensor, {@code .png} the picture. With
 * {@code --grid DIR --out grid.png [--n 16]} it augments n images of an ImageFolder (spread over
 * the folder) and tiles them into one PNG, to see what the training pipeline will see. Float
 * results (after {@code ToTensor}) are clamped to [0, 1] and converted to uint8. Prints one JSON
 * object describing what was written.
 *
 * <pre>
 * trainkit augment --transform "Compose([RandomResizedCrop(224), TrivialAugmentWide()])" --seed 3 cat.jpg out.png
 * trainkit augment --transform "RandAugment(num_ops=2, magnitude=9)" cat.jpg out.npy
 * trainkit augment --transform "Compose([RandomResizedCrop(128), AugMix()])" --grid data/train --out grid.png --n 16
 * </pre>
 *
 * <p>PyTorch equivalent: {@code torch.manual_seed(N); t = eval(SPEC); np.save(OUT, t(read_image(IN)).numpy())},
 * and {@code save_image(make_grid([...]))} for the grid. The draws come from TrainKit's seeded
 * stream, so the same seed gives the same result, not PyTorch's.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Apply a transform spec to an image (OUT.png or OUT.npy, uint8 CHW), or show a grid of"
                + " augmented samples of an ImageFolder (--grid DIR --out grid.png).",
                "Spec: torchvision's names and arguments, e.g. \"Compose([RandomResizedCrop(224),"
                        + " RandAugment(num_ops=2, magnitude=9)])\"."})
public final class AugmentCommand implements Callable<Integer> {
    @Option(names = "--transform", required = true, paramLabel = "SPEC",
            description = "Transform spec with torchvision's names, e.g. \"TrivialAugmentWide()\".")
    String transform;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the augmentation draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--grid", paramLabel = "DIR", description = "ImageFolder root (class sub-folders) to sample from.")
    Path grid;

    @Option(names = "--out", paramLabel = "FILE", description = "With --grid: the PNG to write.")
    Path out;

    @Option(names = "--n", defaultValue = "16", paramLabel = "N",
            description = "With --grid: number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Parameters(arity = "0..2", paramLabel = "FILE", description = "IN_IMAGE OUT.(png|npy), without --grid.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Transform t = Transforms.create(transform);
        ObjectNode result = grid != null ? grid(t) : single(t);
        System.out.println(Json.write(result));
        return 0;
    }

    private ObjectNode single(Transform t) throws IOException {
        if (out != null || files.size() != 2) {
            throw new IllegalArgumentException("expected IN_IMAGE OUT.(png|npy) (or --grid DIR --out grid.png), got "
                    + files.size() + " file(s)" + (out != null ? " and --out without --grid" : ""));
        }
        Path in = files.get(0);
        Path dst = files.get(1);
        String ext = extension(dst);
        if (!ext.equals(".png") && !ext.equals(".npy")) {
            throw new IllegalArgumentException("OUT: expected a .png or .npy file, got " + dst);
        }
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("IN_IMAGE: no such file: " + in);
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor img = ImageLoader.load(in);
            Tensor y = Functional.toUint8(SampleRandom.with(seed, () -> t.apply(img)));
            if (ext.equals(".npy")) {
                Npy.save(dst, y);
            } else {
                ImageSaver.savePng(dst, y);
            }
            ObjectNode o = Json.object();
            o.put("input", in.toString());
            o.put("output", dst.toString());
            o.put("transform", t.toString());
            o.put("seed", seed);
            putShape(o, y);
            return o;
        }
    }

    private ObjectNode grid(Transform t) throws IOException {
        if (out == null || !extension(out).equals(".png")) {
            throw new IllegalArgumentException("--grid needs --out FILE.png, got " + out);
        }
        if (!files.isEmpty()) {
            throw new IllegalArgumentException("--grid takes no IN_IMAGE/OUT files, got " + files);
        }
        if (n < 1) {
            throw new IllegalArgumentException("--n: expected >= 1, got " + n);
        }
        ImageFolder folder = new ImageFolder(grid);
        int count = Math.min(n, folder.size());
        if (count == 0) {
            throw new IllegalArgumentException("--grid: no images in " + grid);
        }
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> samples = new ArrayList<>();
            ArrayNode used = Json.object().putArray("images");
            for (int i = 0; i < count; i++) {
                int index = (int) ((long) i * folder.size() / count); // spread over the classes, in folder order
                Path file = folder.files().get(index);
                Tensor img = ImageLoader.load(file);
                int k = i;
                samples.add(Functional.toUint8(SampleRandom.with(SampleRandom.mix(seed, k), () -> t.apply(img))));
                used.add(grid.relativize(file).toString());
            }
            Tensor tiled = ImageSaver.makeGrid(samples, (int) Math.ceil(Math.sqrt(count)), 2);
            ImageSaver.savePng(out, tiled);
            ObjectNode o = Json.object();
            o.put("output", out.toString());
            o.put("transform", t.toString());
            o.put("seed", seed);
            o.set("images", used);
            putShape(o, tiled);
            return o;
        }
    }

    private static void putShape(ObjectNode o, Tensor y) {
        ArrayNode shape = o.putArray("shape");
        for (long s : y.shape()) {
            shape.add(s);
        }
        o.put("dtype", y.dtype().pyName());
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
