package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * 2-D average pooling over (N, C, H, W) or (C, H, W) input, as {@code torch.nn.AvgPool2d(kernel_size,
 * stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)}.
 *
 * <pre>{@code
 * AvgPool2d pool = new AvgPool2d(2);                       // nn.AvgPool2d(2)
 * AvgPool2d p2 = new AvgPool2d(new long[] {3}, new long[] {2}, new long[] {1}, true, false, null);
 * // nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
 * }</pre>
 */
public class AvgPool2d extends Module {
    private final long[] kernelSize;
    private final long[] stride;
    private final long[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Long divisorOverride;
    /** The arguments as given, for the repr. */
    private final long[][] given;

    /** {@code AvgPool2d(kernel_size)}: stride = kernel size. */
    public AvgPool2d(long kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** {@code AvgPool2d(kernel_size, stride, padding)}. */
    public AvgPool2d(long kernelSize, long stride, long padding) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, false, true, null);
    }

    /** All arguments; {@code stride == null} means the kernel size; {@code divisorOverride} may be null. */
    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
            Long divisorOverride) {
        this.kernelSize = LayerChecks.tuple("AvgPool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = stride == null ? this.kernelSize : LayerChecks.tuple("AvgPool2d", "stride", stride, 2, 1);
        this.padding = LayerChecks.tuple("AvgPool2d", "padding", padding, 2, 0);
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] > this.kernelSize[i] / 2) {
                throw new IllegalArgumentException("AvgPool2d: padding should be at most half of kernel size, got"
                        + " padding=" + PyRepr.tuple(this.padding) + ", kernel_size=" + PyRepr.tuple(this.kernelSize));
            }
        }
        if (divisorOverride != null) {
            LayerChecks.positive("AvgPool2d", "divisor_override", divisorOverride);
        }
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        this.given = new long[][] {kernelSize.clone(), (stride == null ? kernelSize : stride).clone(),
            padding.clone()};
    }

    /** The stride (height, width), as {@code AvgPool2d.stride} (the kernel size when none was given). */
    public long[] stride() {
        return stride.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        LayerChecks.rank("AvgPool2d", input, "(N, C, H, W) or (C, H, W)", 3, 4);
        return F.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + PyRepr.given(given[0]) + ", stride=" + PyRepr.given(given[1]) + ", padding="
                + PyRepr.given(given[2]);
    }
}
