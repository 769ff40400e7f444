package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model zoo's families, listed once, and the one registry of model builders they feed. Adding
 * a family is one {@link ModelFamily} implementation and one line in {@link #FAMILIES}.
 *
 * <pre>{@code
 * ModelFamilies.forModel(Models.create("resnet18")).name();   // "resnet"
 * ModelFamilies.forBuilder("convnext_tiny").name();            // "convnext"
 * }</pre>
 *
 * <p>PyTorch equivalent: torchvision's builder registry ({@code torchvision.models.get_model_builder})
 * and the module each builder lives in.
 */
public final class ModelFamilies {
    private static final List<ModelFamily> FAMILIES = List.of(
            new ResNetFamily(),
            new AlexNetFamily(),
            new VGGFamily(),
            new SqueezeNetFamily(),
            new DenseNetFamily(),
            new InceptionFamily(),
            new GoogLeNetFamily(),
            new ShuffleNetV2Family(),
            new MobileNetV2Family(),
            new MobileNetV3Family(),
            new MNASNetFamily(),
            new EfficientNetFamily(),
            new ConvNeXtFamily(),
            new RegNetFamily(),
            new SwinFamily(),
            new ViTFamily());

    private static final Registry<ModelBuilder> BUILDERS = new Registry<>("model");
    private static final Map<String, ModelFamily> FAMILY_OF_BUILDER = new LinkedHashMap<>();

    static {
        for (ModelFamily f : FAMILIES) {
            for (Registration<ModelBuilder> r : f.builders()) {
                BUILDERS.register(r);
                FAMILY_OF_BUILDER.put(r.name(), f);
            }
        }
    }

    private ModelFamilies() {
    }

    /** Every family, in registration order. */
    public static List<ModelFamily> all() {
        return FAMILIES;
    }

    /** The registry of every builder, by torchvision's builder name. */
    public static Registry<ModelBuilder> builders() {
        return BUILDERS;
    }

    /**
     * The family of builder {@code name}.
     *
     * @throws dev.trainkit.spec.SpecException for an unknown builder, with the closest name
     */
    public static ModelFamily forBuilder(String name) {
        BUILDERS.get(name);
        return FAMILY_OF_BUILDER.get(name);
    }

    /**
     * The family that built {@code model}.
     *
     * @throws IllegalArgumentException for a model that is not from the zoo, naming the families
     */
    public static ModelFamily forModel(Module model) {
        for (ModelFamily f : FAMILIES) {
            if (model != null && f.owns(model)) {
                return f;
            }
        }
        List<String> names = new ArrayList<>();
        FAMILIES.forEach(f -> names.add(f.name()));
        throw new IllegalArgumentException("model: " + (model == null ? "null" : model.getClass().getSimpleName())
                + " is not a model-zoo model; expected one of the families " + String.join(", ", names));
    }
}
