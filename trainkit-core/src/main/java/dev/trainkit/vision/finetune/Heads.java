package dev.trainkit.vision.finetune;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.vision.models.ModelFamilies;
import dev.trainkit.vision.models.ModelFamily;
import java.util.List;

/**
 * Replaces the classifier head of a model-zoo model with a fresh one for {@code numClasses}
 * outputs, keeping everything else, as torchvision's fine-tuning tutorial does per family:
 * {@code fc} (ResNet, ResNeXt, Wide ResNet, ShuffleNet v2, GoogLeNet, Inception v3),
 * {@code classifier.6} (AlexNet, VGG), {@code classifier.1} (MobileNet v2, MNASNet, EfficientNet;
 * SqueezeNet's 1×1 convolution, whose {@code num_classes} is updated too), {@code classifier.3} (MobileNet v3),
 * {@code classifier} (DenseNet), {@code classifier.2} (ConvNeXt: the Linear after LayerNorm2d and
 * Flatten), plus the auxiliary heads when present ({@code AuxLogits.fc} of
 * Inception v3, {@code aux1.fc2} and {@code aux2.fc2} of GoogLeNet).
 *
 * <p>A new head is a fresh {@code nn.Linear} (or {@code nn.Conv2d(in, n, 1)}) with PyTorch's
 * default initialisation for a new layer (not the builder's own init), the old head's bias
 * setting, dtype and device; it requires grad.
 *
 * <pre>{@code
 * Module m = Pretrained.load(ResNet18Weights.IMAGENET1K_V1);
 * Heads.replace(m, 4);                           // m.fc = nn.Linear(m.fc.in_features, 4)
 * Heads.replace(vgg, 10);                        // vgg.classifier[6] = nn.Linear(4096, 10)
 * }</pre>
 */
public final class Heads {
    private Heads() {
    }

    /**
     * The dotted paths of {@code model}'s classifier heads, main head first.
     *
     * @throws IllegalArgumentException for a model that is not from the zoo (use
     *     {@link #replace(Module, String, long)} with the head's path)
     */
    public static List<String> paths(Module model) {
        ModelFamily family;
        try {
            family = ModelFamilies.forModel(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Heads: " + e.getMessage() + "; name the head:"
                    + " Heads.replace(model, \"fc\", n)", e);
        }
        return family.headPaths(model);
    }

    /**
     * Replaces every classifier head of a zoo model (main and auxiliary) with a fresh layer for
     * {@code numClasses} outputs.
     *
     * @return the paths replaced
     */
    public static List<String> replace(Module model, long numClasses) {
        List<String> paths = paths(model);
        for (String p : paths) {
            replace(model, p, numClasses);
        }
        ModelFamilies.forModel(model).headsReplaced(model, numClasses);
        return paths;
    }

    /**
     * Replaces the {@code Linear} or 1×1 {@code Conv2d} at {@code path} with a fresh layer of the
     * same input size and {@code numClasses} outputs.
     *
     * @return the new layer
     * @throws IllegalArgumentException for a bad path (naming the valid children), another kind of
     *     layer, or {@code numClasses < 1}
     */
    public static Module replace(Module model, String path, long numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("Heads.replace: numClasses must be >= 1, got " + numClasses);
        }
        Module old = model.getSubmodule(path);
        Module fresh;
        Parameter w;
        if (old instanceof Linear l) {
            fresh = new Linear(l.inFeatures(), numClasses, l.bias != null);
            w = l.weight;
        } else if (old instanceof Conv2d c && c.weight.dim() == 4 && c.weight.size(2) == 1 && c.weight.size(3) == 1) {
            fresh = new Conv2d(c.weight.size(1), numClasses, new long[] {1}, new long[] {1}, new long[] {0},
                    new long[] {1}, 1, c.bias != null, "zeros");
            w = c.weight;
        } else {
            throw new IllegalArgumentException("Heads.replace: '" + path + "' is " + (old == null ? "empty"
                    : old.getClass().getSimpleName() + (old instanceof Conv2d c ? " with weight " + c.weight.describe() : ""))
                    + "; expected a Linear or a 1x1 Conv2d classifier layer");
        }
        fresh.to(w.dtype());
        fresh.to(w.device());
        fresh.train(old.isTraining());
        model.setSubmodule(path, fresh);
        return fresh;
    }
}
