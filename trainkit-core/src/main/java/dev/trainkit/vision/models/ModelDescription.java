package dev.trainkit.vision.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.spec.SpecTuple;
import dev.trainkit.util.AtomicFiles;
import dev.trainkit.vision.transforms.ImagePreprocessing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a weights file is, written beside it as {@code model.json}: the model spec with its
 * class count ({@code resnet18(num_classes=5)}), the class names in index order, the exact
 * evaluation preprocessing, the input shape, and whether training was interrupted. For zoo
 * models it also names the torchvision builder and its keyword arguments, so Python loads the
 * weights by name:
 *
 * <pre>{@code
 * ModelDescription d = new ModelDescription("resnet18(num_classes=5)", List.of("a", "b", "c", "d", "e"),
 *         ImagePreprocessing.resized(64, 64), new long[] {3, 64, 64}, false);
 * d.write(Path.of("runs/x/model.json"));
 * // Python: m = getattr(torchvision.models, j["torchvision"]["builder"])(**j["torchvision"]["kwargs"])
 * //         m.load_state_dict(torch.load("runs/x/model.pth"))
 * }</pre>
 *
 * @param model the model spec, with {@code num_classes} explicit
 * @param classes class names in index order (may be empty when unknown)
 * @param preprocessing the evaluation preprocessing of image files
 * @param inputShape one sample's shape {@code [C, H, W]} as the model saw it in training
 * @param interrupted whether training was interrupted before it finished
 */
public record ModelDescription(String model, List<String> classes, ImagePreprocessing preprocessing, long[] inputShape,
        boolean interrupted) {
    /** The file name beside {@code model.pth}. */
    public static final String FILE_NAME = "model.json";
    private static final String FORMAT_KEY = "trainkit_model";

    /** Validates the spec and copies the lists. */
    public ModelDescription {
        SpecParser.parse(model); // a malformed spec fails here, not when the file is read back
        classes = List.copyOf(classes);
        inputShape = inputShape.clone();
    }

    /** The same description marked interrupted (or not). */
    public ModelDescription withInterrupted(boolean on) {
        return new ModelDescription(model, classes, preprocessing, inputShape, on);
    }

    /** The builder name, e.g. {@code resnet18}. */
    public String builder() {
        return SpecParser.parse(model).name();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** As plain data: the content of {@code model.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FORMAT_KEY, 1);
        m.put("model", model);
        m.put("num_classes", classes.isEmpty() ? null : classes.size());
        m.put("classes", classes);
        m.put("input_shape", Arrays.stream(inputShape).boxed().toList());
        m.put("preprocessing", preprocessing.toMap());
        m.put("interrupted", interrupted);
        SpecCall call = SpecParser.parse(model);
        if (Models.listModels().contains(call.name()) && call.args().isEmpty()) {
            Map<String, Object> tv = new LinkedHashMap<>();
            tv.put("builder", call.name());
            Map<String, Object> kwargs = new LinkedHashMap<>();
            call.kwargs().forEach((k, v) -> kwargs.put(k, plain(v)));
            tv.put("kwargs", kwargs);
            m.put("torchvision", tv);
        }
        return m;
    }

    private static Object plain(Object v) {
        if (v instanceof SpecTuple t) {
            return plain(t.items());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    /** Writes {@code model.json} atomically. */
    public void write(Path file) throws IOException {
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        AtomicFiles.write(file, (json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a {@code model.json}. */
    public static ModelDescription read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model description not found: " + file);
        }
        Object root = new ObjectMapper().readValue(file.toFile(), Object.class);
        if (!(root instanceof Map<?, ?> m) || !m.containsKey(FORMAT_KEY)) {
            throw new IllegalArgumentException(file + ": not a TrainKit model description (a JSON object with '"
                    + FORMAT_KEY + "')");
        }
        String where = file.toString();
        try {
            List<String> classes = new ArrayList<>();
            if (m.get("classes") instanceof List<?> l) {
                l.forEach(c -> classes.add(String.valueOf(c)));
            }
            long[] shape = ((List<?>) m.get("input_shape")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
            return new ModelDescription(String.valueOf(m.get("model")), classes,
                    ImagePreprocessing.fromMap((Map<?, ?>) m.get("preprocessing"), where), shape,
                    Boolean.TRUE.equals(m.get("interrupted")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": malformed model description: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelDescription d && toMap().equals(d.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "ModelDescription" + toMap();
    }
}
