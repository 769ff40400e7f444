package dev.trainkit.vision.ops;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Returns a view of its input with the dimensions reordered, as torchvision's
 * {@code ops.misc.Permute(dims)}; no parameters. ConvNeXt's block uses it to run LayerNorm and
 * Linear layers channels-last.
 *
 * <pre>{@code
 * Tensor nhwc = new Permute(0, 2, 3, 1).forward(nchw);   // Permute([0, 2, 3, 1])(x)
 * }</pre>
 */
public class Permute extends Module {
    private final long[] dims;

    /**
     * @param dims a permutation of 0..n−1 (n = the input's number of dims)
     * @throws IllegalArgumentException if {@code dims} is not such a permutation
     */
    public Permute(long... dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("Permute: dims expected a permutation of 0..n-1, got "
                    + Arrays.toString(dims));
        }
        boolean[] seen = new boolean[dims.length];
        for (long d : dims) {
            if (d < 0 || d >= dims.length || seen[(int) d]) {
                throw new IllegalArgumentException("Permute: dims expected a permutation of 0.." + (dims.length - 1)
                        + ", got " + Arrays.toString(dims));
            }
            seen[(int) d] = true;
        }
        this.dims = dims.clone();
    }

    /** The permutation (a copy). */
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != dims.length) {
            throw new IllegalArgumentException("Permute.forward: dims " + Arrays.toString(dims) + " expected an input"
                    + " with " + dims.length + " dims, got " + input.describe());
        }
        return input.permute(dims);
    }

    @Override
    protected String extraRepr() {
        return "dims=" + Arrays.toString(dims);
    }
}
