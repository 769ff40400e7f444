package dev.trainkit.vision.models.weights;

import dev.trainkit.spec.NameSuggester;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks weights up by builder or by name, as torchvision's {@code get_model_weights} and
 * {@code get_weight}.
 *
 * <pre>{@code
 * WeightsCatalog.forModel("resnet50");                        // [IMAGENET1K_V1, IMAGENET1K_V2]
 * WeightsCatalog.get("ResNet50_Weights.IMAGENET1K_V2");       // ResNet50Weights.IMAGENET1K_V2
 * WeightsCatalog.get("resnet50", "DEFAULT");                  // the same
 * }</pre>
 */
public final class WeightsCatalog {
    private static final Map<String, List<Weights>> ALL = WeightsRegistry.all();
    private static final Map<String, Weights> DEFAULTS = WeightsRegistry.defaults();

    private WeightsCatalog() {
    }

    /** The builder names that have weights. */
    public static List<String> models() {
        return List.copyOf(ALL.keySet());
    }

    /** All weights of {@code model} ({@code get_model_weights(name)}); unknown names fail. */
    public static List<Weights> forModel(String model) {
        List<Weights> w = ALL.get(model);
        if (w == null) {
            throw new IllegalArgumentException("no weights for model '" + model + "'"
                    + NameSuggester.didYouMean(model, ALL.keySet()) + "; models with weights: "
                    + String.join(", ", ALL.keySet()));
        }
        return w;
    }

    /** The recommended weights of {@code model} ({@code DEFAULT}). */
    public static Weights defaultFor(String model) {
        forModel(model);
        return DEFAULTS.get(model);
    }

    /** The weights of {@code model} named {@code name}, e.g. "IMAGENET1K_V1" or "DEFAULT". */
    public static Weights get(String model, String name) {
        List<Weights> all = forModel(model);
        if ("DEFAULT".equals(name)) {
            return DEFAULTS.get(model);
        }
        List<String> names = new ArrayList<>();
        for (Weights w : all) {
            if (w.name().equals(name)) {
                return w;
            }
            names.add(w.name());
        }
        names.add("DEFAULT");
        throw new IllegalArgumentException("model '" + model + "' has no weights '" + name + "'"
                + NameSuggester.didYouMean(name, names) + "; valid: " + String.join(", ", names));
    }

    /** The weights named as torchvision's {@code get_weight}, e.g. "ResNet50_Weights.IMAGENET1K_V2". */
    public static Weights get(String torchvisionName) {
        List<String> names = new ArrayList<>();
        for (List<Weights> ws : ALL.values()) {
            for (Weights w : ws) {
                String n = w.meta().torchvisionName();
                if (n.equals(torchvisionName)) {
                    return w;
                }
                names.add(n);
                String enumName = n.substring(0, n.indexOf('.'));
                if (torchvisionName.equals(enumName + ".DEFAULT")) {
                    return DEFAULTS.get(w.builder());
                }
            }
        }
        throw new IllegalArgumentException("unknown weights '" + torchvisionName + "'"
                + NameSuggester.didYouMean(torchvisionName, names) + "; e.g. ResNet50_Weights.IMAGENET1K_V2");
    }
}
