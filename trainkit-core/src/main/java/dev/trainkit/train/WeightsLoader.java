package dev.trainkit.train;

import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads weights for fine-tuning: from a PyTorch {@code .pth}, a {@code .safetensors} file or a
 * TrainKit checkpoint, copying every tensor whose name and shape match the model and reporting
 * the rest (a replaced classifier head keeps its fresh initialisation). The usual PyTorch idiom
 * {@code model.load_state_dict({k: v for k, v in sd.items() if k in own and v.shape == own[k].shape}, strict=False)}.
 *
 * <pre>{@code
 * List<String> skipped = WeightsLoader.loadMatching(model, Path.of("pretrained.pth"));  // e.g. [fc.weight, fc.bias]
 * }</pre>
 */
public final class WeightsLoader {
    private WeightsLoader() {
    }

    /** The state dict stored in {@code file} (any supported format). */
    public static Map<String, Tensor> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weights file not found: " + file);
        }
        if (isTrainKitCheckpoint(file)) {
            return CheckpointState.stateDict(new ZipCheckpointStore().load(file), file.toString());
        }
        return WeightsFiles.load(file);
    }

    /**
     * Copies matching tensors into {@code model}.
     *
     * @return the names not loaded (missing in the file or of another shape), for a log line
     * @throws IllegalArgumentException if nothing matched (probably the wrong model)
     */
    public static List<String> loadMatching(Module model, Path file) throws IOException {
        Map<String, Tensor> sd = read(file);
        Map<String, Tensor> own = model.stateDict();
        Map<String, Tensor> use = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        own.forEach((k, v) -> {
            Tensor t = sd.get(k);
            if (t != null && Arrays.equals(t.shape(), v.shape())) {
                use.put(k, t);
            } else {
                skipped.add(k);
            }
        });
        if (use.isEmpty()) {
            throw new IllegalArgumentException("weights " + file + ": no tensor matches the model by name and shape "
                    + "(file keys start with " + sd.keySet().stream().limit(5).toList() + ", model keys with "
                    + own.keySet().stream().limit(5).toList() + ")");
        }
        model.loadStateDict(use, false);
        return skipped;
    }

    private static boolean isTrainKitCheckpoint(Path file) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            return z.getEntry("checkpoint.json") != null;
        } catch (java.util.zip.ZipException e) {
            return false;
        }
    }
}
