package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One feature stage of a zoo model, as an entry of timm's {@code feature_info}: its name (the
 * module path whose output it is, torchvision's {@code create_feature_extractor} return node),
 * its channels and its reduction (stride relative to the input), and how to compute it.
 *
 * <pre>{@code
 * FeatureStage s = Features.stages(resnet50).get(2);
 * s.name();        // "layer2"
 * s.channels();    // 512
 * s.reduction();   // 8
 * }</pre>
 *
 * @param name      module path, e.g. {@code layer2}, {@code features.3}, {@code encoder.layers.encoder_layer_11}
 * @param channels  channels of the NCHW feature map
 * @param reduction input size / feature map size
 * @param step      from the previous stage's running value (the input image for the first stage) to this one's
 * @param output    from this stage's running value to the NCHW feature map (identity for CNNs; tokens to a
 *                  grid for transformers)
 */
public record FeatureStage(String name, long channels, long reduction, UnaryOperator<Tensor> step,
        UnaryOperator<Tensor> output) {
    /** ZooChecks that every part is present. */
    public FeatureStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(output, "output");
    }

    /** A CNN stage whose running value is the feature map itself. */
    static FeatureStage of(String name, long channels, long reduction, UnaryOperator<Tensor> step) {
        return new FeatureStage(name, channels, reduction, step, t -> t);
    }
}
