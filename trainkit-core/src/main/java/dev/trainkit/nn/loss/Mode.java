package dev.trainkit.nn.loss;

import java.util.Arrays;

/**
 * The target layout of a segmentation loss (docs/PARITY.md), with the names of
 * segmentation_models_pytorch: {@code binary} (one channel, 0/1 floats shaped like the input),
 * {@code multiclass} (class indices N×H×W against N×C×H×W scores, softmax over C) and
 * {@code multilabel} (0/1 floats N×C×H×W, sigmoid per channel).
 *
 * <pre>{@code
 * new DiceLoss(Mode.MULTICLASS);         // DiceLoss(mode='multiclass')
 * Mode m = Mode.of("binary");
 * }</pre>
 */
public enum Mode {
    /** One channel, sigmoid, 0/1 targets shaped like the input. */
    BINARY("binary"),
    /** C channels, softmax over dim 1, int64 class-index targets without the channel dim. */
    MULTICLASS("multiclass"),
    /** C independent channels, sigmoid, 0/1 targets shaped like the input. */
    MULTILABEL("multilabel");

    private final String pyName;

    Mode(String pyName) {
        this.pyName = pyName;
    }

    /** The name used in specs: {@code binary}, {@code multiclass}, {@code multilabel}. */
    public String pyName() {
        return pyName;
    }

    /**
     * Parses a mode name.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Mode of(String name) {
        for (Mode m : values()) {
            if (m.pyName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode: expected one of " + Arrays.stream(values()).map(Mode::pyName).toList()
                + ", got '" + name + "'");
    }

    @Override
    public String toString() {
        return pyName;
    }
}
