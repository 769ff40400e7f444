package dev.trainkit.bench;

import dev.trainkit.amp.Precision;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TrainingBenchmark} runs: a zoo model, the batch, the input size, the precision and
 * how many steps to time. Checked on construction, so a bad value fails before any model is built.
 *
 * <pre>{@code
 * BenchSettings s = new BenchSettings("resnet18", 32, 112, 10, Precision.of("bf16-mixed"),
 *         20, 3, 0, true, "SGD(lr=0.1, momentum=0.9)");
 * // trainkit bench --model resnet18 --batch 32 --image-size 112 --precision bf16-mixed
 * }</pre>
 *
 * @param model a zoo builder name or spec, e.g. {@code resnet18} or {@code resnet18(zero_init_residual=True)}
 * @param batch samples per step, at least 1
 * @param imageSize height and width of the random input, at least 1
 * @param numClasses outputs of the model and classes of the random targets, at least 1
 * @param precision one of Lightning's precision names
 * @param steps timed steps, at least 1
 * @param warmup untimed steps before them, at least 0
 * @param threads libtorch intra-op threads; 0 keeps libtorch's default
 * @param channelsLast model weights and input in channels_last memory format (4-D tensors)
 * @param optimizer optimizer spec, e.g. {@code SGD(lr=0.1, momentum=0.9)}
 * @param fp32Modules submodules (dotted paths, e.g. {@code layer4}) run in float32 with autocast
 *     disabled ({@link dev.trainkit.amp.AutocastDisabled}) in the {@code -mixed} precisions; empty by default
 */
public record BenchSettings(String model, int batch, int imageSize, int numClasses, Precision precision, int steps,
        int warmup, int threads, boolean channelsLast, String optimizer, List<String> fp32Modules) {

    /** The optimizer of the contract: SGD with momentum. */
    public static final String DEFAULT_OPTIMIZER = "SGD(lr=0.1, momentum=0.9)";

    /** The settings without float32 submodules. */
    public BenchSettings(String model, int batch, int imageSize, int numClasses, Precision precision, int steps,
            int warmup, int threads, boolean channelsLast, String optimizer) {
        this(model, batch, imageSize, numClasses, precision, steps, warmup, threads, channelsLast, optimizer, List.of());
    }

    /** Checks every value. */
    public BenchSettings {
        fp32Modules = List.copyOf(Objects.requireNonNull(fp32Modules, "fp32Modules"));
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(optimizer, "optimizer");
        if (model.isBlank()) {
            throw new IllegalArgumentException("--model: expected a model name such as resnet18, got ''");
        }
        positive("--batch", batch);
        positive("--image-size", imageSize);
        positive("--num-classes", numClasses);
        positive("--steps", steps);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup: expected >= 0, got " + warmup);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads: expected >= 0 (0 = libtorch's default), got " + threads);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + v);
        }
    }

    /**
     * The model spec with {@code num_classes} added unless the spec sets it:
     * {@code resnet18} → {@code resnet18(num_classes=10)}.
     */
    public String modelSpec() {
        String m = model.trim();
        int open = m.indexOf('(');
        if (open < 0) {
            return m + "(num_classes=" + numClasses + ")";
        }
        if (m.contains("num_classes")) {
            return m;
        }
        String inner = m.substring(open + 1, m.lastIndexOf(')')).trim();
        return m.substring(0, open) + "(num_classes=" + numClasses + (inner.isEmpty() ? "" : ", " + inner) + ")";
    }
}
