package dev.trainkit.vision.models.weights;

import java.util.List;

/**
 * What torchvision knows about one set of pretrained weights ({@code Weights.url} and
 * {@code Weights.meta}), as generated from torchvision 0.14 by
 * {@code tools/codegen/gen_zoo_weights.py}.
 *
 * <pre>{@code
 * WeightsMeta m = ResNet18Weights.IMAGENET1K_V1.meta();
 * m.sha256Prefix();   // "f37072fd", the part of the file name torch.hub checks
 * }</pre>
 *
 * @param torchvisionName torchvision's name, e.g. {@code ResNet50_Weights.IMAGENET1K_V2}
 * @param url download URL
 * @param fileName file name in the torch hub cache ({@code $TORCH_HOME/hub/checkpoints})
 * @param sha256Prefix leading hex digits of the file's SHA-256, from the file name
 * @param numParams parameter count of the model these weights fit
 * @param categorySet "imagenet" for ImageNet-1k's class names, or {@code null} (no classifier)
 * @param minSize minimum input height and width
 * @param transforms the inference preprocessing
 * @param acc1 ImageNet-1k top-1 accuracy (percent) reported by torchvision; NaN if none
 * @param acc5 ImageNet-1k top-5 accuracy (percent)
 * @param recipe the training recipe's URL
 */
public record WeightsMeta(String torchvisionName, String url, String fileName, String sha256Prefix, long numParams,
        String categorySet, long[] minSize, ImageClassificationPreset transforms, double acc1, double acc5,
        String recipe) {

    /** Defensive copy of {@code minSize}. */
    public WeightsMeta {
        minSize = minSize.clone();
    }

    @Override
    public long[] minSize() {
        return minSize.clone();
    }

    /** The class names in output order; empty when the weights have no classifier. */
    public List<String> categories() {
        return categorySet == null ? List.of() : ImageNetCategories.get();
    }
}
