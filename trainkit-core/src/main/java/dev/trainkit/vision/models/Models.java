package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.util.Globs;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The model zoo: torchvision's classification architectures by name, with torchvision's module
 * names, so a torchvision state dict loads by name.
 *
 * <pre>{@code
 * Module m = Models.create("resnet50(num_classes=4)");        // torchvision.models.resnet50(num_classes=4)
 * Module s = Models.create("mobilenet_v3_small(num_classes=10, dropout=0.1)");
 * List<String> names = Models.listModels("resnet*");          // torchvision.models.list_models(include="resnet*")
 * }</pre>
 *
 * <p>Models are built with random weights in training mode, as torchvision's builders with
 * {@code weights=None}; pretrained weights are described by {@link dev.trainkit.vision.models.weights.Weights}.
 */
public final class Models {
    private Models() {
    }

    /**
     * Builds a model from a spec string, e.g. {@code resnet50(num_classes=4)} or just
     * {@code resnet18}.
     *
     * @throws SpecException for an unknown model or argument (naming the valid ones and the
     *     closest match) or a badly typed value
     * @throws IllegalArgumentException for invalid values (e.g. num_classes=0)
     */
    public static Module create(String spec) {
        return create(SpecParser.parse(spec));
    }

    /** Builds a model from a parsed spec. */
    public static Module create(SpecCall call) {
        Registration<ModelBuilder> r = entry(call.name());
        if (!call.args().isEmpty()) {
            throw new SpecException(call.name() + ": takes keyword arguments only (torchvision's positional"
                    + " arguments are weights and progress), got " + call.args().size() + " positional; valid"
                    + " arguments: " + String.join(", ", r.signature().parameters()));
        }
        return r.factory().build(r.signature().bind(call));
    }

    /** The builder {@code name}'s description. */
    public static ModelInfo info(String name) {
        Registration<ModelBuilder> r = entry(name);
        return new ModelInfo(name, ModelFamilies.forBuilder(name).name(), r.signature().parameters());
    }

    /**
     * The signature of builder {@code name}, with torchvision's defaults, e.g.
     * {@code resnet18(*, num_classes=1000, zero_init_residual=False, ...)}.
     */
    public static Signature signature(String name) {
        return entry(name).signature();
    }

    /** The family that built {@code model} (heads, blocks, feature stages). */
    public static ModelFamily family(Module model) {
        return ModelFamilies.forModel(model);
    }

    /** All builder names, sorted ({@code list_models()}). */
    public static List<String> listModels() {
        return listModels(null);
    }

    /**
     * Builder names matching a shell-style glob ({@code *}, {@code ?}, {@code [abc]}), sorted,
     * as torchvision's {@code list_models(include=glob)}; {@code null} or "" lists all.
     */
    public static List<String> listModels(String glob) {
        Pattern p = glob == null || glob.isEmpty() ? null : globToRegex(glob);
        List<String> out = new ArrayList<>();
        for (String n : ModelFamilies.builders().names()) {
            if (p == null || p.matcher(n).matches()) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Number of parameters of the model a spec describes (builds it; large models take a
     * second). For the default arguments the weights' {@code numParams()} is free.
     */
    public static long parameterCount(String spec) {
        return create(spec).parameterCount(false);
    }

    /**
     * The parameter count of builder {@code name} with default arguments (torchvision's, read
     * from a generated table; no model is built). GoogLeNet and Inception v3 count their
     * auxiliary heads, as their builders with {@code weights=None} do.
     */
    public static long defaultParameterCount(String name) {
        entry(name);
        Long n = DefaultParameterCounts.get().get(name);
        if (n == null) {
            throw new IllegalStateException("no parameter count for '" + name + "' in model_params.txt;"
                    + " re-run /usr/bin/python3 tools/codegen/gen_zoo_weights.py");
        }
        return n;
    }

    private static Registration<ModelBuilder> entry(String name) {
        if (!ModelFamilies.builders().contains(name)) {
            throw new SpecException("unknown model '" + name + "'"
                    + NameSuggester.didYouMean(name, ModelFamilies.builders().names()) + "; valid models: "
                    + String.join(", ", listModels()));
        }
        return ModelFamilies.builders().get(name);
    }

    /** fnmatch's translation ({@link Globs}). */
    static Pattern globToRegex(String glob) {
        return Globs.compile(glob);
    }
}
