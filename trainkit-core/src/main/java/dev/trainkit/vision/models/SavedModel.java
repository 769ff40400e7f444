package dev.trainkit.vision.models;

import dev.trainkit.io.WeightsFiles;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A model saved as a directory: {@code model.pth} (the state dict, readable by {@code torch.load})
 * beside {@code model.json} (its {@link ModelDescription}). {@link #save} writes both, {@link #load}
 * builds the model by name, loads the weights strictly and puts it in eval mode.
 *
 * <pre>{@code
 * SavedModel.save(Path.of("out"), model, description);   // out/model.pth + out/model.json
 * SavedModel s = SavedModel.load(Path.of("out"));
 * Tensor logits = s.model().forward(s.description().preprocessing().pipeline().apply(img).unsqueeze(0));
 * // PyTorch: m = torchvision.models.resnet18(num_classes=5); m.load_state_dict(torch.load("out/model.pth")); m.eval()
 * }</pre>
 *
 * @param model the model, in eval mode
 * @param description what it is and how its inputs are prepared
 */
public record SavedModel(Module model, ModelDescription description) {
    /** The weights file name inside the directory. */
    public static final String WEIGHTS_FILE = "model.pth";

    /** ZooChecks both are present. */
    public SavedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(description, "description");
    }

    /** Writes {@code dir/model.pth} and {@code dir/model.json} (each atomically). */
    public static void save(Path dir, Module model, ModelDescription description) throws IOException {
        Files.createDirectories(dir);
        WeightsFiles.save(model.stateDict(), dir.resolve(WEIGHTS_FILE));
        description.write(dir.resolve(ModelDescription.FILE_NAME));
    }

    /** Loads a saved zoo model ({@link Models#create} of the description's spec). */
    public static SavedModel load(Path dir) throws IOException {
        return load(dir, d -> Models.create(d.model()));
    }

    /**
     * Loads a saved model built by {@code builder} from its description (for models outside the
     * zoo); the weights must match it exactly ({@code strict=True}).
     *
     * @throws IllegalArgumentException naming the missing and unexpected keys when they do not
     */
    public static SavedModel load(Path dir, Function<ModelDescription, Module> builder) throws IOException {
        Path json = dir.resolve(ModelDescription.FILE_NAME);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("saved model " + dir + ": expected " + WEIGHTS_FILE + " and "
                    + ModelDescription.FILE_NAME + " in it" + (Files.isDirectory(dir) ? "" : " (no such directory)"));
        }
        ModelDescription d = ModelDescription.read(json);
        Module m = builder.apply(d);
        Map<String, Tensor> sd = WeightsFiles.load(weights);
        try {
            m.loadStateDict(sd, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weights + " does not fit " + d.model() + ": " + e.getMessage(), e);
        }
        m.eval();
        return new SavedModel(m, d);
    }
}
