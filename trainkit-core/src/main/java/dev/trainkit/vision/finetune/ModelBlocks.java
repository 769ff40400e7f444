package dev.trainkit.vision.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.vision.models.ModelFamilies;
import dev.trainkit.vision.models.ModelFamily;
import java.util.List;
import java.util.Map;

/**
 * A zoo model split into blocks from input to head, for discriminative learning rates and
 * layer-wise lr decay ({@link dev.trainkit.optim.finetune.ParamGroups#blocks}) and for gradual
 * unfreezing. ResNet-style models: {@code stem} (conv1, bn1), {@code layer1}..{@code layer4},
 * {@code head} (fc). ConvNeXt: {@code stem} ({@code features.0}), {@code stage1}
 * ({@code features.1}), {@code stage2}..{@code stage4} (each with the downsampling layer that
 * precedes it: {@code features.2} and {@code features.3}, ...), {@code head} ({@code classifier}:
 * LayerNorm2d and Linear), as the ConvNeXt authors group parameters for layer-wise lr decay.
 * Other families: each top-level child with parameters, a {@code Sequential}
 * (e.g. {@code features}) split into its children ({@code features.0}, {@code features.3}, ...),
 * a child holding a head split likewise, and the heads ({@link Heads#paths}) last as {@code head}.
 * EfficientNet: the stem {@code features.0}, one block per stage {@code features.1} ..
 * {@code features.N-2}, the last 1×1 conv {@code features.N-1}, {@code head} ({@code classifier.1}).
 *
 * <pre>{@code
 * List<ParamGroupSpec> g = ParamGroups.of(model).blocks(ModelBlocks.of(model)).layerDecay(1e-3, 0.7).build();
 * // PyTorch: one {'params': block.parameters(), 'lr': 1e-3 * 0.7 ** depth} per block
 * }</pre>
 */
public final class ModelBlocks {
    private ModelBlocks() {
    }

    /**
     * Block name → module patterns, from input to head, as {@code model}'s family splits it
     * ({@link ModelFamily#blocks}).
     *
     * @throws IllegalArgumentException for a model that is not from the zoo
     */
    public static Map<String, List<String>> of(Module model) {
        return ModelFamilies.forModel(model).blocks(model);
    }
}
