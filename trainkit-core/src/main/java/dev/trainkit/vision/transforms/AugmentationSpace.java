package dev.trainkit.vision.transforms;

import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops a policy picks from, in torchvision's order, each with its magnitude bins (float32, as
 * torchvision's {@code torch.linspace} makes them; null for ops without magnitude) and whether
 * the magnitude's sign is drawn ({@code _augmentation_space}).
 */
final class AugmentationSpace {
    private final List<String> names = new ArrayList<>();
    private final List<float[]> magnitudes = new ArrayList<>();
    private final List<Boolean> signed = new ArrayList<>();

    /** An op with magnitudes {@code linspace(start, end, bins)}. */
    AugmentationSpace linear(String name, double start, double end, int bins, boolean sign) {
        return add(name, Torch.linspace(start, end, bins).toFloatArray(), sign);
    }

    /** Posterize's bits: {@code top - (arange(bins) / ((bins - 1) / span)).round().int()}. */
    AugmentationSpace posterize(int top, double span, int bins) {
        float[] r = Torch.arange(bins).div((bins - 1) / span).round().toFloatArray();
        float[] m = new float[bins];
        for (int i = 0; i < bins; i++) {
            m[i] = top - (int) r[i];
        }
        return add("Posterize", m, false);
    }

    /**
     * The 13 ops AutoAugment and RandAugment share, ShearX to Equalize, with their ImageNet-scale
     * ranges (translation up to 150/331 of the image side).
     */
    AugmentationSpace imagenetOps(int bins, long height, long width) {
        return linear("ShearX", 0.0, 0.3, bins, true)
                .linear("ShearY", 0.0, 0.3, bins, true)
                .linear("TranslateX", 0.0, 150.0 / 331.0 * width, bins, true)
                .linear("TranslateY", 0.0, 150.0 / 331.0 * height, bins, true)
                .linear("Rotate", 0.0, 30.0, bins, true)
                .linear("Brightness", 0.0, 0.9, bins, true)
                .linear("Color", 0.0, 0.9, bins, true)
                .linear("Contrast", 0.0, 0.9, bins, true)
                .linear("Sharpness", 0.0, 0.9, bins, true)
                .posterize(8, 4, bins)
                .linear("Solarize", 255.0, 0.0, bins, false)
                .plain("AutoContrast")
                .plain("Equalize");
    }

    /** An op without magnitude (it gets 0). */
    AugmentationSpace plain(String name) {
        return add(name, null, false);
    }

    private AugmentationSpace add(String name, float[] m, boolean sign) {
        names.add(name);
        magnitudes.add(m);
        signed.add(sign);
        return this;
    }

    int size() {
        return names.size();
    }

    String name(int op) {
        return names.get(op);
    }

    /** The bins of {@code op}, or null when it has no magnitude. */
    float[] magnitudes(int op) {
        return magnitudes.get(op);
    }

    boolean signed(int op) {
        return signed.get(op);
    }

    int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("no op " + name + " in " + names);
        }
        return i;
    }

    /**
     * Draws one op as RandAugment, TrivialAugmentWide and AugMix do: the op, then (if it has
     * bins) the bin from {@code binsDrawn} or the fixed bin, then (if signed) the sign; returns
     * the op index and the signed magnitude.
     *
     * @param fixedBin the bin to use when {@code binsDrawn} is 0 (RandAugment's magnitude)
     * @param binsDrawn draw the bin uniformly in [0, binsDrawn) when > 0
     */
    Choice draw(RandomDraws draws, int fixedBin, int binsDrawn) {
        int op = (int) draws.randint(size());
        float[] m = magnitudes(op);
        double magnitude = 0.0;
        if (m != null) {
            int bin = binsDrawn > 0 ? (int) draws.randint(binsDrawn) : fixedBin;
            magnitude = m[bin];
        }
        if (signed(op) && draws.randint(2) != 0) {
            magnitude = -magnitude;
        }
        return new Choice(name(op), magnitude);
    }

    /** One drawn op with its signed magnitude. */
    record Choice(String op, double magnitude) {
    }
}
