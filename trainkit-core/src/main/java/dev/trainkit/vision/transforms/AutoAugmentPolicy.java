package dev.trainkit.vision.transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * The learned AutoAugment policies ({@code torchvision.transforms.AutoAugmentPolicy}): 25
 * sub-policies each, a sub-policy being two ops with a probability and a magnitude bin
 * ({@code -} for ops without magnitude), as in torchvision 0.14's tables.
 *
 * <pre>{@code
 * new AutoAugment(AutoAugmentPolicy.CIFAR10, InterpolationMode.NEAREST, null);
 * AutoAugmentPolicy.of("svhn");                   // AutoAugmentPolicy("svhn")
 * }</pre>
 */
public enum AutoAugmentPolicy {
    /** Learned on ImageNet. */
    IMAGENET("imagenet",
            "Posterize 0.4 8, Rotate 0.6 9",
            "Solarize 0.6 5, AutoContrast 0.6 -",
            "Equalize 0.8 -, Equalize 0.6 -",
            "Posterize 0.6 7, Posterize 0.6 6",
            "Equalize 0.4 -, Solarize 0.2 4",
            "Equalize 0.4 -, Rotate 0.8 8",
            "Solarize 0.6 3, Equalize 0.6 -",
            "Posterize 0.8 5, Equalize 1.0 -",
            "Rotate 0.2 3, Solarize 0.6 8",
            "Equalize 0.6 -, Posterize 0.4 6",
            "Rotate 0.8 8, Color 0.4 0",
            "Rotate 0.4 9, Equalize 0.6 -",
            "Equalize 0.0 -, Equalize 0.8 -",
            "Invert 0.6 -, Equalize 1.0 -",
            "Color 0.6 4, Contrast 1.0 8",
            "Rotate 0.8 8, Color 1.0 2",
            "Color 0.8 8, Solarize 0.8 7",
            "Sharpness 0.4 7, Invert 0.6 -",
            "ShearX 0.6 5, Equalize 1.0 -",
            "Color 0.4 0, Equalize 0.6 -",
            "Equalize 0.4 -, Solarize 0.2 4",
            "Solarize 0.6 5, AutoContrast 0.6 -",
            "Invert 0.6 -, Equalize 1.0 -",
            "Color 0.6 4, Contrast 1.0 8",
            "Equalize 0.8 -, Equalize 0.6 -"),
    /** Learned on CIFAR-10. */
    CIFAR10("cifar10",
            "Invert 0.1 -, Contrast 0.2 6",
            "Rotate 0.7 2, TranslateX 0.3 9",
            "Sharpness 0.8 1, Sharpness 0.9 3",
            "ShearY 0.5 8, TranslateY 0.7 9",
            "AutoContrast 0.5 -, Equalize 0.9 -",
            "ShearY 0.2 7, Posterize 0.3 7",
            "Color 0.4 3, Brightness 0.6 7",
            "Sharpness 0.3 9, Brightness 0.7 9",
            "Equalize 0.6 -, Equalize 0.5 -",
            "Contrast 0.6 7, Sharpness 0.6 5",
            "Color 0.7 7, TranslateX 0.5 8",
            "Equalize 0.3 -, AutoContrast 0.4 -",
            "TranslateY 0.4 3, Sharpness 0.2 6",
            "Brightness 0.9 6, Color 0.2 8",
            "Solarize 0.5 2, Invert 0.0 -",
            "Equalize 0.2 -, AutoContrast 0.6 -",
            "Equalize 0.2 -, Equalize 0.6 -",
            "Color 0.9 9, Equalize 0.6 -",
            "AutoContrast 0.8 -, Solarize 0.2 8",
            "Brightness 0.1 3, Color 0.7 0",
            "Solarize 0.4 5, AutoContrast 0.9 -",
            "TranslateY 0.9 9, TranslateY 0.7 9",
            "AutoContrast 0.9 -, Solarize 0.8 3",
            "Equalize 0.8 -, Invert 0.1 -",
            "TranslateY 0.7 9, AutoContrast 0.9 -"),
    /** Learned on SVHN. */
    SVHN("svhn",
            "ShearX 0.9 4, Invert 0.2 -",
            "ShearY 0.9 8, Invert 0.7 -",
            "Equalize 0.6 -, Solarize 0.6 6",
            "Invert 0.9 -, Equalize 0.6 -",
            "Equalize 0.6 -, Rotate 0.9 3",
            "ShearX 0.9 4, AutoContrast 0.8 -",
            "ShearY 0.9 8, Invert 0.4 -",
            "ShearY 0.9 5, Solarize 0.2 6",
            "Invert 0.9 -, AutoContrast 0.8 -",
            "Equalize 0.6 -, Rotate 0.9 3",
            "ShearX 0.9 4, Solarize 0.3 3",
            "ShearY 0.8 8, Invert 0.7 -",
            "Equalize 0.9 -, TranslateY 0.6 6",
            "Invert 0.9 -, Equalize 0.6 -",
            "Contrast 0.3 3, Rotate 0.8 4",
            "Invert 0.8 -, TranslateY 0.0 2",
            "ShearY 0.7 6, Solarize 0.4 8",
            "Invert 0.6 -, Rotate 0.8 4",
            "ShearY 0.3 7, TranslateX 0.9 3",
            "ShearX 0.1 6, Invert 0.6 -",
            "Solarize 0.7 2, TranslateY 0.6 7",
            "ShearY 0.8 4, Invert 0.8 -",
            "ShearX 0.7 9, TranslateY 0.8 3",
            "ShearY 0.8 5, AutoContrast 0.7 -",
            "ShearX 0.7 2, Invert 0.1 -");

    private final String value;
    private final List<Step[]> subPolicies = new ArrayList<>();

    AutoAugmentPolicy(String value, String... rows) {
        this.value = value;
        for (String row : rows) {
            String[] ops = row.split(", ");
            Step[] s = new Step[ops.length];
            for (int i = 0; i < ops.length; i++) {
                String[] f = ops[i].split(" ");
                s[i] = new Step(f[0], Double.parseDouble(f[1]), f[2].equals("-") ? -1 : Integer.parseInt(f[2]));
            }
            subPolicies.add(s);
        }
    }

    /** torchvision's value: {@code "imagenet"}, {@code "cifar10"}, {@code "svhn"}. */
    public String value() {
        return value;
    }

    /** The number of sub-policies (25). */
    public int size() {
        return subPolicies.size();
    }

    /** Sub-policy {@code i}: its two steps. */
    Step[] subPolicy(int i) {
        return subPolicies.get(i).clone();
    }

    /**
     * The policy with torchvision's value or enum name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static AutoAugmentPolicy of(String name) {
        for (AutoAugmentPolicy p : values()) {
            if (p.value.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("AutoAugmentPolicy: unknown policy '" + name
                + "'; valid: imagenet, cifar10, svhn");
    }

    /** One op of a sub-policy: applied with probability {@code p} at magnitude bin {@code bin} (-1: none). */
    record Step(String op, double p, int bin) {
    }

    @Override
    public String toString() {
        return "AutoAugmentPolicy." + name();
    }
}
