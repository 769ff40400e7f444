package dev.trainkit.nn.loss;

import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;

import java.util.List;

/** Conversions of bound spec arguments and signature parts that several losses' registry entries share. */
final class LossArgs {
    private LossArgs() {
    }

    /** {@code reduction} as a {@link Reduction}. */
    static Reduction reduction(SpecArgs k) {
        return Reduction.of(k.getString("reduction"));
    }

    /** {@code mode} as a {@link Mode}. */
    static Mode mode(SpecArgs k) {
        return Mode.of(k.getString("mode"));
    }

    /** {@code ignore_index}, or {@code null} for None. */
    static Long ignoreIndex(SpecArgs k) {
        return k.hasValue("ignore_index") ? k.getLong("ignore_index") : null;
    }

    /** A float32 tensor from a list (or tuple) of numbers, or a single number; null if absent or None. */
    static Tensor tensor(SpecArgs k, String name) {
        List<Double> v = k.getDoubleList(name);
        if (v == null) {
            return null;
        }
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return Torch.tensor(f, f.length);
    }

    /**
     * The keyword-only parameters every {@link SegmentationLoss} takes ({@code mode},
     * {@code from_logits}, {@code smooth}, {@code ignore_index}, {@code weight}) with their
     * defaults; {@code smoothAndWeight} leaves out those a loss does not use.
     */
    static Signature.Builder segmentation(String name, SmoothAndWeight smoothAndWeight) {
        Signature.Builder b = Signature.of(name).keywordOnly("mode", "binary").keywordOnly("from_logits", true);
        if (smoothAndWeight == SmoothAndWeight.TAKEN) {
            b.keywordOnly("smooth", 1.0);
        }
        b.keywordOnly("ignore_index", null);
        if (smoothAndWeight != SmoothAndWeight.NOT_TAKEN) {
            b.keywordOnly("weight", null);
        }
        return b;
    }

    /** Whether a segmentation loss takes {@code smooth} and {@code weight}: both, only {@code weight}, or neither. */
    enum SmoothAndWeight { TAKEN, WEIGHT_ONLY, NOT_TAKEN }

    /** Applies the shared segmentation options of {@link #segmentation} to {@code loss}. */
    static SegmentationLoss segmentation(SpecArgs k, SegmentationLoss loss) {
        loss.fromLogits(k.getBool("from_logits")).ignoreIndex(ignoreIndex(k));
        if (k.params().contains("smooth")) {
            loss.smooth(k.getDouble("smooth"));
        }
        if (k.params().contains("weight") && k.hasValue("weight")) {
            loss.weight(tensor(k, "weight"));
        }
        return loss;
    }
}
