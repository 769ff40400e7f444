package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named NCHW feature maps of a zoo model by stage, with their channels and strides, as timm's
 * {@code features_only=True} / {@code feature_info} and torchvision's
 * {@code create_feature_extractor(model, return_nodes)}. Every family of {@link ModelFamilies}
 * has stages, named by the module whose output they are, mostly the last module at each
 * resolution: ResNet {@code relu} (stride 2), {@code layer1}..{@code layer4}; ConvNeXt,
 * EfficientNet, MobileNet, VGG, AlexNet and SqueezeNet {@code features.i}; MNASNet
 * {@code layers.i}; DenseNet {@code features.relu0}, {@code features.denseblock1..3},
 * {@code features.norm5}; GoogLeNet {@code conv1}, {@code conv3}, {@code inception3b},
 * {@code inception4e}, {@code inception5b}; Inception v3 {@code Conv2d_2b_3x3},
 * {@code Conv2d_4a_3x3}, {@code Mixed_5d}, {@code Mixed_6e}, {@code Mixed_7c}; ShuffleNet V2
 * {@code conv1}, {@code maxpool}, {@code stage2}, {@code stage3}, {@code conv5}; RegNet
 * {@code stem}, {@code trunk_output.blockN}; Swin {@code features.1/3/5/7} (NCHW); ViT
 * {@code encoder.layers.encoder_layer_i} and {@code encoder.ln}, tokens without the class token
 * reshaped to the patch grid. Strides are nominal (powers of two): AlexNet, SqueezeNet and
 * Inception v3 use unpadded layers, so their maps are somewhat smaller than input / stride.
 *
 * <pre>{@code
 * Module m = Models.create("resnet50");
 * Map<String, Tensor> f = Features.extract(m, images, "layer2", "layer4");   // [N, 512, H/8, W/8], [N, 2048, H/32, W/32]
 * Features.stages(m).get(1).channels();                                        // 256 (layer1)
 * // timm: timm.create_model("resnet50", features_only=True, out_indices=(2, 4))
 * }</pre>
 */
public final class Features {
    private Features() {
    }

    /**
     * The feature stages of {@code model}, from input to output (timm's {@code feature_info}).
     *
     * @throws IllegalArgumentException for a model outside the zoo
     */
    public static List<FeatureStage> stages(Module model) {
        ModelFamily family = ModelFamilies.forModel(model);
        List<FeatureStage> stages = family.featureStages(model);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("Features: the " + family.name() + " family defines no feature stages"
                    + " (" + model.getClass().getSimpleName() + ")");
        }
        return stages;
    }

    /** The stage names of {@code model}, in order. */
    public static List<String> names(Module model) {
        return stages(model).stream().map(FeatureStage::name).toList();
    }

    /**
     * The feature maps of {@code x} at {@code names} (every stage when none are given), in stage
     * order; the model runs only as far as the deepest requested stage. Runs in the model's
     * current mode (call {@code model.eval()} for inference).
     *
     * @throws IllegalArgumentException for an unknown or repeated stage name, listing the valid ones
     */
    public static Map<String, Tensor> extract(Module model, Tensor x, String... names) {
        List<FeatureStage> stages = stages(model);
        List<String> valid = stages.stream().map(FeatureStage::name).toList();
        Set<String> wanted = new LinkedHashSet<>(names.length == 0 ? valid : Arrays.asList(names));
        if (wanted.size() != Math.max(names.length, names.length == 0 ? valid.size() : 0)) {
            throw new IllegalArgumentException("Features.extract: stage names repeated in " + Arrays.toString(names));
        }
        List<String> unknown = new ArrayList<>(wanted);
        unknown.removeAll(valid);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Features.extract: " + model.getClass().getSimpleName()
                    + " has no feature stage " + unknown + "; valid stages: " + String.join(", ", valid));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Tensor running = x;
        for (FeatureStage s : stages) {
            if (out.size() == wanted.size()) {
                break;
            }
            running = s.step().apply(running);
            if (wanted.contains(s.name())) {
                out.put(s.name(), s.output().apply(running));
            }
        }
        return out;
    }
}
