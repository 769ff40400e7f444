package dev.trainkit.vision.models;

import dev.trainkit.nn.AvgPool2d;
import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.MaxPool2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Derives feature stages from a model's structure, so the families state only which modules hold
 * their stages: a stage's channels are those of its last channel-producing layer (or of a
 * {@link ConcatBlock}'s concatenation), its stride the product over its blocks of each block's
 * largest convolution or pooling stride.
 */
final class FeatureStages {
    private FeatureStages() {
    }

    /**
     * Output channels of the last Conv2d, BatchNorm, Linear or {@link ConcatBlock} in {@code m}
     * (module order).
     */
    static long channels(Module m) {
        long c = lastChannels(m);
        if (c < 0) {
            throw new IllegalStateException("no channel-producing layer in " + m.getClass().getSimpleName());
        }
        return c;
    }

    /** {@link #channels}, or -1 when {@code m} holds no channel-producing layer. */
    private static long lastChannels(Module m) {
        if (m instanceof ConcatBlock b) {
            return b.outChannels();
        } else if (m instanceof Conv2d conv) {
            return conv.weight.size(0);
        } else if (m instanceof BatchNormBase bn) {
            return bn.numFeatures();
        } else if (m instanceof Linear l) {
            return l.outFeatures();
        }
        long c = -1;
        for (Module child : m.children()) {
            long k = lastChannels(child);
            c = k < 0 ? c : k;
        }
        return c;
    }

    /** The largest stride of any Conv2d or pooling layer in a block (its main path and its shortcut share it). */
    static long blockStride(Module block) {
        long s = 1;
        for (Module m : block.modules()) {
            if (m instanceof Conv2d c) {
                s = Math.max(s, c.stride()[0]);
            } else if (m instanceof MaxPool2d p) {
                s = Math.max(s, p.stride()[0]);
            } else if (m instanceof AvgPool2d p) {
                s = Math.max(s, p.stride()[0]);
            }
        }
        return s;
    }

    /**
     * The stride of a stage: the product of its children's block strides (its own for a leaf or a
     * {@link ConcatBlock}, whose children are parallel branches).
     */
    static long stageStride(Module stage) {
        if (stage.namedChildren().isEmpty() || stage instanceof ConcatBlock) {
            return blockStride(stage);
        }
        long s = 1;
        for (Module child : stage.children()) {
            s *= blockStride(child);
        }
        return s;
    }

    /**
     * Stages of a {@code Sequential} container ({@code features} of EfficientNet, MobileNet,
     * ConvNeXt, VGG, AlexNet, SqueezeNet, DenseNet; {@code layers} of MNASNet): see {@link #ofPath}.
     */
    static List<FeatureStage> ofSequential(Module model, String container) {
        List<String> path = new ArrayList<>();
        model.getSubmodule(container).namedChildren().keySet().forEach(n -> path.add(container + "." + n));
        return ofPath(model, path, x -> x);
    }

    /**
     * Stages of modules that run one after another on the input ({@code path}, dotted module
     * paths in forward order, after {@code prologue}): the last module at each resolution and the
     * last module, each named by its path; each step runs the modules since the previous stage.
     * A stage's channels are those of the last channel-producing module up to it.
     */
    static List<FeatureStage> ofPath(Module model, List<String> path, UnaryOperator<Tensor> prologue) {
        List<Module> modules = path.stream().map(model::getSubmodule).toList();
        List<FeatureStage> out = new ArrayList<>();
        long reduction = 1;
        long channels = -1;
        int from = 0;
        for (int i = 0; i < modules.size(); i++) {
            reduction *= stageStride(modules.get(i));
            long c = lastChannels(modules.get(i));
            channels = c < 0 ? channels : c;
            boolean last = i == modules.size() - 1;
            if (last || stageStride(modules.get(i + 1)) > 1) {
                if (channels < 0) {
                    throw new IllegalStateException("no channel-producing layer up to " + path.get(i));
                }
                List<Module> run = List.copyOf(modules.subList(from, i + 1));
                UnaryOperator<Tensor> before = from == 0 ? prologue : x -> x;
                out.add(FeatureStage.of(path.get(i), channels, reduction, x -> {
                    x = before.apply(x);
                    for (Module m : run) {
                        x = m.forward(x);
                    }
                    return x;
                }));
                from = i + 1;
            }
        }
        return out;
    }
}
