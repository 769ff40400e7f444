package dev.trainkit.vision.models;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives feature stages from a model's structure, so the families state only which container
 * holds their stages: a stage's channels are those of its last channel-producing layer, its
 * stride the product over its blocks of each block's largest convolution stride.
 */
final class FeatureStages {
    private FeatureStages() {
    }

    /** Output channels of the last Conv2d, BatchNorm or Linear in {@code m} (module order). */
    static long channels(Module m) {
        long c = -1;
        for (Module s : m.modules()) {
            if (s instanceof Conv2d conv) {
                c = conv.weight.size(0);
            } else if (s instanceof BatchNormBase bn) {
                c = bn.numFeatures();
            } else if (s instanceof Linear l) {
                c = l.outFeatures();
            }
        }
        if (c < 0) {
            throw new IllegalStateException("no channel-producing layer in " + m.getClass().getSimpleName());
        }
        return c;
    }

    /** The largest stride of any Conv2d in a block (its main path and its shortcut share it). */
    static long blockStride(Module block) {
        long s = 1;
        for (Module m : block.modules()) {
            if (m instanceof Conv2d c) {
                s = Math.max(s, c.stride()[0]);
            }
        }
        return s;
    }

    /** The stride of a stage: the product of its children's block strides (or its own for a leaf). */
    static long stageStride(Module stage) {
        if (stage.namedChildren().isEmpty()) {
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
     * ConvNeXt): the last child at each resolution and the last child, named by path; each step
     * runs the children since the previous stage.
     */
    static List<FeatureStage> ofSequential(Module model, String container) {
        Module seq = model.getSubmodule(container);
        List<String> names = new ArrayList<>(seq.namedChildren().keySet());
        List<FeatureStage> out = new ArrayList<>();
        long reduction = 1;
        int from = 0;
        for (int i = 0; i < names.size(); i++) {
            reduction *= stageStride(seq.child(names.get(i)));
            boolean last = i == names.size() - 1;
            if (last || stageStride(seq.child(names.get(i + 1))) > 1) {
                List<Module> run = new ArrayList<>();
                for (int j = from; j <= i; j++) {
                    run.add(seq.child(names.get(j)));
                }
                out.add(FeatureStage.of(container + "." + names.get(i), channels(seq.child(names.get(i))), reduction,
                        x -> {
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
