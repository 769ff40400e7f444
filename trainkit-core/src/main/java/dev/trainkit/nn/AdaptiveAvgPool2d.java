package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * Average pooling to a fixed output size (H, W), whatever the input size, as
 * {@code torch.nn.AdaptiveAvgPool2d(output_size)}.
 *
 * <pre>{@code
 * Tensor pooled = new AdaptiveAvgPool2d(1).forward(features);   // nn.AdaptiveAvgPool2d((1, 1)): [N, C, 1, 1]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
    private final long[] outputSize;
    private final long[] given;

    /** Square output {@code outputSize × outputSize}. */
    public AdaptiveAvgPool2d(long outputSize) {
        this(new long[] {outputSize});
    }

    /** Output {@code (H, W)} (or one value for both). */
    public AdaptiveAvgPool2d(long[] outputSize) {
        this.outputSize = LayerChecks.tuple("AdaptiveAvgPool2d", "output_size", outputSize, 2, 1);
        this.given = outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        LayerChecks.rank("AdaptiveAvgPool2d", input, "(N, C, H, W) or (C, H, W)", 3, 4);
        return F.adaptiveAvgPool2d(input, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + PyRepr.given(given);
    }
}
