package dev.trainkit.nn.loss;

import java.util.Arrays;

/**
 * How a loss reduces its elementwise values, PyTorch's {@code reduction} argument:
 * {@code 'none'}, {@code 'mean'} (the default) or {@code 'sum'}.
 *
 * <pre>{@code
 * new MSELoss(Reduction.SUM);          // nn.MSELoss(reduction='sum')
 * Reduction r = Reduction.of("none");
 * }</pre>
 */
public enum Reduction {
    /** No reduction: one value per element (or per sample). */
    NONE("none", 0),
    /** Mean over elements (weighted mean where a loss has class weights). */
    MEAN("mean", 1),
    /** Sum over elements. */
    SUM("sum", 2);

    private final String pyName;
    private final long atenCode;

    Reduction(String pyName, long atenCode) {
        this.pyName = pyName;
        this.atenCode = atenCode;
    }

    /** PyTorch's name: {@code none}, {@code mean} or {@code sum}. */
    public String pyName() {
        return pyName;
    }

    /** The {@code at::Reduction} code libtorch's loss ops take. */
    long atenCode() {
        return atenCode;
    }

    /**
     * Parses PyTorch's name.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.pyName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction: expected one of "
                + Arrays.stream(values()).map(Reduction::pyName).toList() + ", got '" + name + "'");
    }

    @Override
    public String toString() {
        return pyName;
    }
}
