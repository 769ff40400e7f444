package dev.trainkit.vision.models.weights;

import java.util.List;

/**
 * A set of pretrained weights, implemented by the generated per-builder enums
 * ({@link ResNet50Weights}, {@link MobileNetV3SmallWeights}, ...), as torchvision's
 * {@code WeightsEnum} members.
 *
 * <pre>{@code
 * Weights w = ResNet50Weights.DEFAULT;
 * w.url();             // https://download.pytorch.org/models/resnet50-11ad3fa6.pth
 * w.categories().get(0);   // "tench"
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torchvision.models.ResNet50_Weights.DEFAULT} and its
 * {@code url}, {@code meta} and {@code transforms}.
 */
public interface Weights {
    /** The enum constant's name, e.g. {@code IMAGENET1K_V2}. */
    String name();

    /** The builder these weights fit, e.g. {@code resnet50}. */
    String builder();

    /** All metadata. */
    WeightsMeta meta();

    /** Download URL. */
    default String url() {
        return meta().url();
    }

    /** The file name in the torch hub cache. */
    default String fileName() {
        return meta().fileName();
    }

    /** The SHA-256 prefix that torch.hub checks (the hash part of the file name). */
    default String sha256Prefix() {
        return meta().sha256Prefix();
    }

    /** Number of parameters of the model these weights fit. */
    default long numParams() {
        return meta().numParams();
    }

    /** Class names in output order; empty when the weights have no classifier. */
    default List<String> categories() {
        return meta().categories();
    }

    /** The inference preprocessing preset ({@code weights.transforms()}). */
    default ImageClassificationPreset transforms() {
        return meta().transforms();
    }
}
